package api

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	gojson "github.com/goccy/go-json"
)

// Defaults of the real service.
const (
	DefaultBaseURL    = "https://api.targon.com"
	DefaultPathPrefix = "/tha/v2"
	DefaultTimeout    = 30 * time.Second
	// maxBodyBytes bounds what is read of one answer: a page of 1,000 volumes is well under 1 MiB.
	maxBodyBytes = 32 << 20
)

// Options configure a Client. The zero value of each field means its default.
type Options struct {
	BaseURL    string // scheme and host, e.g. https://api.targon.com
	PathPrefix string // e.g. /tha/v2
	APIKey     string
	Version    string       // tvol's version, sent in the User-Agent
	HTTPClient *http.Client // nil: a client with sane timeouts that keeps connections alive
	Timeout    time.Duration
	Retry      RetryPolicy
	// Logger receives one record per attempt (method, path, status, duration, attempt); nil
	// logs nothing. Headers are never logged, so neither is the key.
	Logger *slog.Logger
}

// RetryPolicy bounds the automatic retries of GET requests. POST, PATCH and DELETE are never
// retried: a lost answer to a create must not create twice.
type RetryPolicy struct {
	MaxAttempts int           // including the first; 1 turns retries off; default 4
	BaseDelay   time.Duration // first back-off; default 250ms, doubling each time
	MaxDelay    time.Duration // cap on one back-off; default 8s
	MaxElapsed  time.Duration // give up when the next wait would pass this; default 30s
	// Sleep waits for d or until ctx ends. nil waits on a real timer; tests pass a recorder.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 250 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 8 * time.Second
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = 30 * time.Second
	}
	if p.Sleep == nil {
		p.Sleep = sleepContext
	}
	return p
}

// backoff is the wait before retry number n (1-based): exponential with full jitter, never
// shorter than what the server asked for in Retry-After.
func (p RetryPolicy) backoff(n int, retryAfter time.Duration) time.Duration {
	ceiling := p.BaseDelay << (n - 1)
	if ceiling > p.MaxDelay || ceiling <= 0 {
		ceiling = p.MaxDelay
	}
	wait := ceiling/2 + rand.N(ceiling/2+1)
	return max(wait, retryAfter)
}

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// credential holds the key behind a pointer, so that printing a Client with %v or %+v shows
// an address, never the key.
type credential struct{ key string }

// Client calls the Volumes API. It is safe for concurrent use.
type Client struct {
	base      *url.URL
	prefix    string
	cred      *credential
	userAgent string
	http      *http.Client
	timeout   time.Duration
	retry     RetryPolicy
	logger    *slog.Logger
	// largestPage is the page size asked for with LargestPage: MaxPageLimit until a server
	// refuses it, then the largest it took.
	largestPage *atomic.Int32
}

// New checks the options and returns a client. Plain http:// is accepted only for loopback
// hosts, so that a key never crosses a network in clear text.
func New(opts Options) (*Client, error) {
	base, err := ParseBaseURL(cmp.Or(opts.BaseURL, DefaultBaseURL))
	if err != nil {
		return nil, err
	}
	prefix := "/" + strings.Trim(cmp.Or(opts.PathPrefix, DefaultPathPrefix), "/")
	if prefix == "/" {
		prefix = ""
	}
	httpClient := opts.HTTPClient
	if httpClient == nil {
		httpClient = newHTTPClient()
	}
	httpClient = withSafeRedirects(httpClient)
	largestPage := &atomic.Int32{}
	largestPage.Store(MaxPageLimit)
	return &Client{
		largestPage: largestPage,
		base:        base,
		prefix:      prefix,
		cred:        &credential{key: opts.APIKey},
		userAgent:   "tvol/" + cmp.Or(opts.Version, "dev"),
		http:        httpClient,
		timeout:     cmp.Or(opts.Timeout, DefaultTimeout),
		retry:       opts.Retry.withDefaults(),
		logger:      opts.Logger,
	}, nil
}

// ParseBaseURL checks a base URL: https anywhere, http only on loopback, no credentials,
// query or fragment in it.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("base URL %q is not a URL: %v", raw, err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("base URL %q must look like https://host[:port]", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must not carry credentials, a query or a fragment", raw)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("base URL %q uses plain http:// for a host that is not loopback; "+
			"the API key would cross the network unencrypted, so use https://", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// IsLoopbackHost reports whether host is localhost or a loopback IP address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func newHTTPClient() *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 8
	transport.ResponseHeaderTimeout = DefaultTimeout
	return &http.Client{Transport: transport}
}

// withSafeRedirects returns a copy of c that follows a redirect only to the same scheme and
// host, so that Authorization never reaches another host or travels downgraded.
func withSafeRedirects(c *http.Client) *http.Client {
	copied := *c
	copied.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Host != first.Host || req.URL.Scheme != first.Scheme {
			return fmt.Errorf("refusing to follow a redirect from %s to %s://%s: the API key stays with the host it was meant for",
				first.Host, req.URL.Scheme, req.URL.Host)
		}
		if len(via) >= 5 {
			return errors.New("stopped after 5 redirects")
		}
		return nil
	}
	return &copied
}

// BaseURL is the base URL the client talks to (no key in it).
func (c *Client) BaseURL() string { return c.base.String() }

// Host is the host (and port) the client talks to, for headers and status lines.
func (c *Client) Host() string { return c.base.Host }

// request is one call: what to send and where to decode the answer.
type request struct {
	method string
	path   string // below the prefix, unescaped
	query  url.Values
	body   any
	out    any // nil: the answer's body is ignored
}

// do sends r, retrying GETs as the policy allows, and decodes a 2xx answer into r.out.
func (c *Client) do(ctx context.Context, r request) error {
	var payload []byte
	if r.body != nil {
		var err error
		if payload, err = json.Marshal(r.body); err != nil {
			return fmt.Errorf("encoding the request: %w", err)
		}
	}
	fullPath := c.base.Path + c.prefix + r.path
	started := time.Now()
	for attempt := 1; ; attempt++ {
		began := time.Now()
		status, err := c.once(ctx, r, fullPath, payload)
		c.log(ctx, r.method, fullPath, status, attempt, time.Since(began), err)
		if err == nil || r.method != http.MethodGet || !IsRetryable(err) || attempt >= c.retry.MaxAttempts {
			return err
		}
		var retryAfter time.Duration
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			retryAfter = apiErr.RetryAfter
		}
		wait := c.retry.backoff(attempt, retryAfter)
		if time.Since(started)+wait > c.retry.MaxElapsed {
			return err
		}
		if sleepErr := c.retry.Sleep(ctx, wait); sleepErr != nil {
			return fmt.Errorf("%w (while waiting to retry after: %v)", sleepErr, err)
		}
	}
}

// once makes one attempt of r.
func (c *Client) once(ctx context.Context, r request, fullPath string, payload []byte) (int, error) {
	attemptCtx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	target := *c.base
	target.Path = fullPath // unescaped: URL.String escapes each segment
	target.RawPath = ""
	target.RawQuery = r.query.Encode()
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(attemptCtx, r.method, target.String(), body)
	if err != nil {
		return 0, fmt.Errorf("building %s %s: %w", r.method, fullPath, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if c.cred.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.cred.key)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil { // the caller gave up: not a network failure, never retried
			return 0, fmt.Errorf("%s %s: %w", r.method, fullPath, ctx.Err())
		}
		return 0, &NetworkError{Method: r.method, Path: fullPath, Err: stripURL(err)}
	}
	defer resp.Body.Close()
	data, err := readBody(resp)
	if err != nil {
		return 0, &NetworkError{Method: r.method, Path: fullPath, Err: fmt.Errorf("reading the answer: %w", err)}
	}
	if len(data) > maxBodyBytes {
		return resp.StatusCode, &DecodeError{Method: r.method, Path: fullPath, Status: resp.StatusCode,
			Snippet: oneLine(c.redact(string(data[:4096])), 60), Err: fmt.Errorf("answer larger than %d MiB", maxBodyBytes>>20)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(r.method, fullPath, resp, data)
		apiErr.Message, apiErr.Reason = c.redact(apiErr.Message), c.redact(apiErr.Reason)
		return 0, apiErr
	}
	if r.out == nil {
		return resp.StatusCode, nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return resp.StatusCode, &DecodeError{Method: r.method, Path: fullPath, Status: resp.StatusCode}
	}
	// Answers are decoded with go-json: a refresh of 10,000 volumes decodes four times faster
	// than with encoding/json, which is most of what an idle dashboard costs. A fuzz test
	// holds it to the standard library's results.
	if err := gojson.Unmarshal(data, r.out); err != nil {
		return resp.StatusCode, &DecodeError{Method: r.method, Path: fullPath, Status: resp.StatusCode,
			Snippet: oneLine(c.redact(string(data)), 60), Err: err}
	}
	return resp.StatusCode, nil
}

// readBody reads an answer of at most maxBodyBytes+1 bytes: in one allocation when the
// server said how long it is (a page of 1,000 volumes is about 320 KB), growing otherwise.
func readBody(resp *http.Response) ([]byte, error) {
	limited := io.LimitReader(resp.Body, maxBodyBytes+1)
	if n := resp.ContentLength; n > 0 && n <= maxBodyBytes {
		buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead))
		_, err := buf.ReadFrom(limited)
		return buf.Bytes(), err
	}
	return io.ReadAll(limited)
}

// log records one attempt: never a header, a body or a query (a cursor is not a secret, but
// nothing the server sends back needs to be in a log to debug a request).
func (c *Client) log(ctx context.Context, method, path string, status, attempt int, took time.Duration, err error) {
	if c.logger == nil {
		return
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		status = apiErr.StatusCode
	}
	attrs := []slog.Attr{slog.String("method", method), slog.String("path", path), slog.Int("status", status),
		slog.Duration("duration", took), slog.Int("attempt", attempt)}
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", c.redact(err.Error())))
	}
	c.logger.LogAttrs(ctx, level, "request", attrs...)
}

// redact hides the key in text the server sent back: a broken or hostile server may echo it.
func (c *Client) redact(text string) string {
	if c.cred.key == "" {
		return text
	}
	return strings.ReplaceAll(text, c.cred.key, "[redacted]")
}

// stripURL drops the URL that net/http puts in its errors: the path is already in ours, and
// a URL is never where the key lives, but there is no reason to repeat it.
func stripURL(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err
	}
	return err
}
