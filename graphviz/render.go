package graphviz

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Format is a picture format that [Render] asks Graphviz's dot for.
type Format string

// The formats Render draws.
const (
	SVG Format = "svg"
	PNG Format = "png"
)

// ErrNoDot is the error, wrapped, that [Render] and [RenderFile] return when
// Graphviz's dot program is not in $PATH.
var ErrNoDot = errors.New("graphviz: the dot program of Graphviz is not installed " +
	"(on Debian or Ubuntu: apt-get install graphviz)")

// stderrLimit is how much of dot's diagnostics an error quotes.
const stderrLimit = 2000

// Render runs Graphviz's dot, found in $PATH, to lay out the DOT read from
// dot, such as [Write] writes, and writes the picture in format f to w. Dot
// runs until it finishes or ctx is done, which kills it.
//
// Render holds the picture in memory and writes it to w only once dot has
// succeeded, so on error w has received nothing. The error wraps [ErrNoDot]
// if dot is missing, ctx.Err() if ctx ended the run, and otherwise quotes
// dot's diagnostics. Render returns an error for a format other than [SVG] or
// [PNG], which may come from outside the program, such as a flag.
func Render(ctx context.Context, w io.Writer, dot io.Reader, f Format) error {
	if f != SVG && f != PNG {
		return fmt.Errorf("graphviz: unknown picture format %q; want svg or png", string(f))
	}
	path, err := exec.LookPath("dot")
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNoDot, err)
	}
	var out, diag bytes.Buffer
	cmd := exec.CommandContext(ctx, path, "-T"+string(f))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = dot, &out, &diag

	// Once dot is gone, waiting on reads from dot (a pipe, when it is not a
	// file) must not hang the caller.
	cmd.WaitDelay = time.Second

	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("graphviz: dot -T%s: %w", f, ctx.Err())
		}
		msg := strings.TrimSpace(diag.String())
		if len(msg) > stderrLimit {
			msg = msg[:stderrLimit] + " ..."
		}
		if msg != "" {
			return fmt.Errorf("graphviz: dot -T%s: %w: %s", f, err, msg)
		}
		return fmt.Errorf("graphviz: dot -T%s: %w", f, err)
	}
	if _, err := w.Write(out.Bytes()); err != nil {
		return fmt.Errorf("graphviz: writing the %s picture: %w", f, err)
	}
	return nil
}

// RenderFile writes the picture of the DOT read from dot to the file name, in
// the format its extension names, case aside: .svg and .png as [Render]
// draws them, .dot and .gv for the DOT itself, which needs no Graphviz.
//
// RenderFile writes atomically: it writes a temporary file in name's
// directory and renames it to name only when complete, so name is never left
// holding part of a picture and is untouched on error. The file gets mode
// 0644. Errors are those of Render, one for an extension it does not know,
// and those of the file system.
func RenderFile(ctx context.Context, name string, dot io.Reader) (err error) {
	var render func(w io.Writer) error
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".svg", ".png":
		render = func(w io.Writer) error { return Render(ctx, w, dot, Format(ext[1:])) }
	case ".dot", ".gv":
		render = func(w io.Writer) error {
			if _, err := io.Copy(w, dot); err != nil {
				return fmt.Errorf("graphviz: copying DOT: %w", err)
			}
			return nil
		}
	default:
		return fmt.Errorf("graphviz: cannot tell a picture format from the name %q; "+
			"want one ending in .svg, .png, .dot or .gv", name)
	}

	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("graphviz: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := render(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("graphviz: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("graphviz: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("graphviz: writing %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("graphviz: %w", err)
	}
	return nil
}
