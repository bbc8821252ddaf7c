package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// APIError is a non-2xx answer from the server. It never holds the API key: only the method,
// the path, and what the server sent back.
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Message    string // the server's "error", or its raw text when the body is not JSON
	Reason     string // the server's machine code, when it sent one
	RequestID  string // X-Request-Id, when the server sent one
	RetryAfter time.Duration
}

// maxShownBody bounds how much of a non-JSON error body is kept.
const maxShownBody = 200

// Error reads as one line: what failed, the status, and the server's words.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.StatusCode == http.StatusGone {
		b.WriteString("this API version has been retired by the server")
	} else {
		b.WriteString(e.Summary())
	}
	fmt.Fprintf(&b, " (%d %s from %s %s", e.StatusCode, http.StatusText(e.StatusCode), e.Method, e.Path)
	if e.RequestID != "" {
		fmt.Fprintf(&b, ", request %s", e.RequestID)
	}
	b.WriteString(")")
	return b.String()
}

// Summary is the server's message, or the status text when it sent none.
func (e *APIError) Summary() string {
	msg := e.Message
	if msg == "" {
		msg = strings.ToLower(http.StatusText(e.StatusCode))
		if msg == "" {
			msg = "status " + strconv.Itoa(e.StatusCode)
		}
	}
	if e.Reason != "" {
		msg += " [" + e.Reason + "]"
	}
	return msg
}

// newAPIError reads an error answer: JSON {"error","reason"} when it is that, else the raw
// text trimmed to one short line, else nothing (the status text stands in).
func newAPIError(method, path string, resp *http.Response, body []byte) *APIError {
	e := &APIError{
		Method:     method,
		Path:       path,
		StatusCode: resp.StatusCode,
		RequestID:  oneLine(resp.Header.Get("X-Request-Id"), 80),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
	}
	var parsed ErrorBody
	if err := json.Unmarshal(body, &parsed); err == nil && (parsed.Error != "" || parsed.Reason != "") {
		e.Message = oneLine(parsed.Error, maxShownBody)
		e.Reason = oneLine(parsed.Reason, 60)
		return e
	}
	e.Message = oneLine(string(body), maxShownBody)
	return e
}

// oneLine makes a server's text printable (see Printable), folds its whitespace and trims it
// to max characters, so it fits in a status line.
func oneLine(s string, max int) string {
	folded := []rune(strings.Join(strings.Fields(Printable(s)), " "))
	if len(folded) > max {
		return string(folded[:max]) + "…"
	}
	return string(folded)
}

// Printable makes a server's string safe to print on a terminal: control and formatting
// characters (escape sequences, bidi overrides) are dropped and line breaks become spaces,
// so nothing the server sends can move the cursor, retitle the window or break a row.
func Printable(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f
	}
	if plain {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar:
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date; 0 when absent or unreadable.
func parseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if secs, err := strconv.Atoi(value); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

func statusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// IsUnauthorized: the key is missing or wrong (401).
func IsUnauthorized(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsForbidden: the key works but may not touch this volume (403).
func IsForbidden(err error) bool { return statusOf(err) == http.StatusForbidden }

// IsNotFound: no such volume (404).
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsGone: the server has retired this API version (410).
func IsGone(err error) bool { return statusOf(err) == http.StatusGone }

// IsRateLimited: too many requests (429).
func IsRateLimited(err error) bool { return statusOf(err) == http.StatusTooManyRequests }

// IsBadRequest: the server refused what was sent (400).
func IsBadRequest(err error) bool { return statusOf(err) == http.StatusBadRequest }

// IsRetryable reports whether trying the same request again later may succeed: 429, 5xx, and
// failures to reach the server or to read its answer. A cancelled context is not retryable.
func IsRetryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if code := statusOf(err); code != 0 {
		return code == http.StatusTooManyRequests || code >= 500
	}
	var netErr *NetworkError
	return errors.As(err, &netErr)
}

// NetworkError is a request that got no complete answer: the connection failed, was reset, or
// timed out, or the body could not be read.
type NetworkError struct {
	Method string
	Path   string
	Err    error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s %s: no answer from the server: %v", e.Method, e.Path, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// DecodeError is a 2xx answer whose body is not what the API describes.
type DecodeError struct {
	Method  string
	Path    string
	Status  int
	Snippet string
	Err     error
}

func (e *DecodeError) Error() string {
	if e.Snippet == "" {
		return fmt.Sprintf("%s %s: the server's answer (%d) was empty where a JSON body was expected", e.Method, e.Path, e.Status)
	}
	return fmt.Sprintf("%s %s: the server's answer (%d) could not be read: %v (body starts %q)", e.Method, e.Path, e.Status, e.Err, e.Snippet)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// ValidationError is a request refused by the client before anything was sent.
type ValidationError struct {
	Err error
}

func (e *ValidationError) Error() string { return "not sent: " + e.Err.Error() }
func (e *ValidationError) Unwrap() error { return e.Err }
