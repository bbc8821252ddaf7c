// Package cli is `tvol volumes …`: the scripting verbs, with table, plain and JSON output,
// waits, safe deletes and the provider's exit codes. It talks to the API through api only.
package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tvol/api"
)

// Exit codes, as the provider's own client uses them.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitAuth        = 3 // 401 or 403
	ExitNotFound    = 4
	ExitInterrupted = 130
)

// IO is where a verb reads and writes, and what it knows about the terminal.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	StdinTTY       bool // a person can answer y/N
	StdoutTTY      bool // table output, colours and progress lines
	NoColor        bool
}

// usageError is a mistake in the command line: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

// Usage lists the verbs.
const Usage = `Usage: tvol volumes <verb> [flags]

  ls [--status S] [--resource R] [--workload W] [--sort name|age|size|status|cost]
  get UID            state UID            events UID
  create --name N --size SIZE --resource R [--wait] [--timeout 5m]
  rename UID --name N
  deprovision UID    rm UID               cleanup UID [--timeout 5m]
  wait UID --for ready|deleted|gone [--timeout 5m]

A UID may also be a volume's exact, unique name. Every verb takes -o table|json (default:
table on a terminal, tab-separated columns on a pipe). deprovision, rm and cleanup ask y/N on a
terminal and need --yes otherwise. Exit codes: 0 ok, 1 failure, 2 usage or config, 3 not
authenticated or not allowed, 4 not found, 130 interrupted.
`

// Options shape a run.
type Options struct {
	Poll     time.Duration // how often waits look at the state; 0: 2s
	ReadOnly bool          // refuse every verb that changes something
}

// runner carries one invocation.
type runner struct {
	ctx    context.Context
	client *api.Client
	io     IO
	opts   Options
	output string // table, plain or json
	yes    bool
	poll   time.Duration
}

// Run executes `tvol volumes <args>` and returns the exit code.
func Run(ctx context.Context, client *api.Client, args []string, stdio IO, opts Options) int {
	r := &runner{ctx: ctx, client: client, io: stdio, opts: opts, poll: opts.Poll}
	if r.poll <= 0 {
		r.poll = 2 * time.Second
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stdio.Stderr, Usage)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	err := r.dispatch(args[0], args[1:])
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	code := exitCode(ctx, err)
	r.reportError(err, code)
	return code
}

func exitCode(ctx context.Context, err error) int {
	var usage *usageError
	var validation *api.ValidationError
	switch {
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &usage), errors.As(err, &validation):
		return ExitUsage
	case api.IsUnauthorized(err), api.IsForbidden(err):
		return ExitAuth
	case api.IsNotFound(err), errors.Is(err, errNoSuchVolume):
		return ExitNotFound
	default:
		return ExitError
	}
}

// reportError writes one clear line on stderr, or a JSON object with -o json.
func (r *runner) reportError(err error, code int) {
	msg := err.Error()
	if code == ExitInterrupted {
		msg = "interrupted"
	}
	if r.output != "json" {
		fmt.Fprintf(r.io.Stderr, "tvol: %s\n", msg)
		return
	}
	obj := map[string]any{"error": msg, "exit_code": code}
	var apiErr *api.APIError
	if errors.As(err, &apiErr) {
		obj["status"] = apiErr.StatusCode
		if apiErr.Reason != "" {
			obj["reason"] = apiErr.Reason
		}
		if apiErr.RequestID != "" {
			obj["request_id"] = apiErr.RequestID
		}
	}
	enc := json.NewEncoder(r.io.Stderr)
	_ = enc.Encode(obj)
}

// flags parses a verb's flags, allowing them before and after the positional arguments.
func (r *runner) flags(fs *flag.FlagSet, args []string, positional int) ([]string, error) {
	fs.SetOutput(io.Discard)
	output := fs.String("o", "", "output: table or json")
	fs.StringVar(output, "output", "", "output: table or json")
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(r.io.Stderr, Usage)
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch *output {
	case "":
		r.output = "plain"
		if r.io.StdoutTTY {
			r.output = "table"
		}
	case "table", "json":
		r.output = *output
	default:
		return nil, usagef("-o %q: use table or json", *output)
	}
	if len(rest) != positional {
		if positional == 1 {
			return nil, usagef("%s needs one volume UID or name", fs.Name())
		}
		return nil, usagef("%s takes no arguments, got %q", fs.Name(), strings.Join(rest, " "))
	}
	return rest, nil
}

// confirm asks y/N on a terminal (default No); elsewhere only --yes goes ahead.
func (r *runner) confirm(question string) error {
	if r.yes {
		return nil
	}
	if !r.io.StdinTTY {
		return usagef("refusing to %s without --yes when not on a terminal", question)
	}
	fmt.Fprintf(r.io.Stderr, "%s? [y/N] ", question)
	answer, _ := bufio.NewReader(r.io.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return errDeclined
}

var errDeclined = errors.New("not confirmed: nothing was sent")

func (r *runner) printJSON(v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := r.io.Stdout.Write(escapeInvisible(buf.Bytes()))
	return err
}

// escapeInvisible writes C1 controls and formatting characters (bidi overrides) inside JSON
// as \uXXXX: the same data, but nothing a terminal could act on when the JSON is printed.
// encoding/json already escapes the C0 controls.
func escapeInvisible(data []byte) []byte {
	if utf8.Valid(data) && !bytes.ContainsFunc(data, invisible) {
		return data
	}
	var out bytes.Buffer
	for _, r := range string(data) {
		if invisible(r) {
			fmt.Fprintf(&out, "\\u%04x", r)
			continue
		}
		out.WriteRune(r)
	}
	return out.Bytes()
}

func invisible(r rune) bool { return r >= 0x80 && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) }
