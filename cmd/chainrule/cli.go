package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chainrule/chainrule/graphviz"
)

// The exit codes of the program.
const (
	exitOK      = 0
	exitFailure = 1 // a file or the output could not be written
	exitUsage   = 2 // the command line is wrong
)

// command is one of the program's subcommands.
type command struct {
	name    string // as typed after the program's name
	args    string // the synopsis of its arguments
	summary string // what it does, in one line for the overview
	about   string // what it does, in a paragraph for its own usage

	// flags defines the command's flags in fs and returns the function
	// that runs it once they are parsed, or a usageError for a bad value.
	flags func(fs *flag.FlagSet, e *env) func() error
}

// env is what a command runs with.
type env struct {
	ctx    context.Context
	stdout io.Writer
	tty    bool // stdout is a terminal
}

// usageError is a mistake on the command line: the program reports it with
// the usage of the command it was made in and exits with exitUsage.
type usageError struct {
	cmd *command // nil for a mistake before any command
	msg string
}

// Error returns what was wrong with the command line.
func (e *usageError) Error() string { return e.msg }

// commands returns the subcommands, the default one first.
func commands() []*command {
	return []*command{
		{
			name:    "example",
			args:    "[-graph file.dot]",
			summary: "the worked example, every gradient explained (the default)",
			about: "Works the classic backpropagation example through the autodiff engine:\n" +
				"the forward pass, every gradient as a sum over chain-rule paths, the\n" +
				"matrix form over a batch, gradient descent and training, and the graph\n" +
				"of the loss as DOT (and SVG, if Graphviz is installed).",
			flags: exampleFlags,
		},
		{
			name:    "moons",
			args:    "[-seed n] [-steps n] [-o file.png]",
			summary: "train micrograd's two-moons classifier and draw it",
			about: "Trains an MLP 2-16-16-1 on 100 points of two interleaved half-moons\n" +
				"(noise 0.1) with hinge loss plus L2, as micrograd's demo does, then\n" +
				"draws its decision boundary with the points as a PNG.",
			flags: moonsFlags,
		},
		{
			name:    "dot",
			summary: "print the example's graph as DOT, for piping into dot",
			about: "Writes the graph of the example's loss, with every Value's data and\n" +
				"gradient, as Graphviz DOT on standard output:\n\n" +
				"  chainrule dot | dot -Tsvg -o graph.svg",
			flags: dotFlags,
		},
	}
}

// run runs the program with the command-line arguments args, after the
// program's name, and returns its exit code. Only diagnostics go to stderr.
func run(args []string, stdout, stderr io.Writer) int {
	out := &errWriter{w: stdout}
	e := &env{ctx: context.Background(), stdout: out, tty: isTerminal(stdout)}
	err := dispatch(e, args)
	if err == nil && out.err != nil {
		err = fmt.Errorf("writing the output: %w", out.err)
	}
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		prefix := "chainrule"
		if ue.cmd != nil {
			prefix += " " + ue.cmd.name
		}
		fmt.Fprintf(stderr, "%s: %s\n\n", prefix, ue.msg)
		if ue.cmd != nil {
			writeCommandUsage(stderr, ue.cmd)
		} else {
			writeUsage(stderr)
		}
		return exitUsage
	}
	fmt.Fprintf(stderr, "chainrule: %v\n", err)
	return exitFailure
}

// dispatch finds the command that args name and runs it.
func dispatch(e *env, args []string) error {
	cmds := commands()
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		// Flags alone go to the default command, but -h is the program's.
		if len(args) > 0 && isHelpFlag(args[0]) {
			writeUsage(e.stdout)
			return nil
		}
		return runCommand(e, cmds[0], args)
	}
	if args[0] == "help" {
		return help(e.stdout, args[1:])
	}
	for _, c := range cmds {
		if c.name == args[0] {
			return runCommand(e, c, args[1:])
		}
	}
	return &usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
}

// help writes the usage of the program, or of the command args names.
func help(w io.Writer, args []string) error {
	switch len(args) {
	case 0:
		writeUsage(w)
		return nil
	case 1:
		for _, c := range commands() {
			if c.name == args[0] {
				writeCommandUsage(w, c)
				return nil
			}
		}
		return &usageError{msg: fmt.Sprintf("help: unknown command %q", args[0])}
	}
	return &usageError{msg: "help takes one command at most"}
}

// runCommand parses the flags of c from args and runs it.
func runCommand(e *env, c *command, args []string) error {
	fs := newFlagSet(c)
	exec := c.flags(fs, e)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeCommandUsage(e.stdout, c)
			return nil
		}
		return &usageError{cmd: c, msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return &usageError{cmd: c, msg: fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	err := exec()
	var ue *usageError
	if errors.As(err, &ue) && ue.cmd == nil {
		ue.cmd = c
	}
	return err
}

// newFlagSet returns an empty flag set for c that reports nothing itself,
// so that run can report its errors with the right usage.
func newFlagSet(c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// isHelpFlag reports whether arg asks for help as the flag package sees it.
func isHelpFlag(arg string) bool {
	switch arg {
	case "-h", "-help", "--h", "--help":
		return true
	}
	return false
}

// writeUsage writes the usage of the program and of every command.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, "chainrule shows that every gradient of a neural network is the chain\n"+
		"rule, working the classic backpropagation example through an autodiff\n"+
		"engine.\n\nUsage:\n\n")
	cmds := commands()
	for _, c := range cmds {
		fmt.Fprintf(w, "  %s\n        %s\n", synopsis(c), c.summary)
	}
	fmt.Fprint(w, "  chainrule help [command]\n        show this help, or a command's\n")
	fmt.Fprint(w, "\nWith no command, chainrule runs the example. -h after a command shows\n"+
		"only that command's help.\n")
	for _, c := range cmds {
		fmt.Fprintln(w)
		writeCommandUsage(w, c)
	}
}

// writeCommandUsage writes the usage of c, with its flags.
func writeCommandUsage(w io.Writer, c *command) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", synopsis(c), c.about)
	fs := newFlagSet(c)
	c.flags(fs, &env{})
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// synopsis returns the command line of c, as in "chainrule dot".
func synopsis(c *command) string {
	s := "chainrule " + c.name
	if c.name == "example" {
		s = "chainrule [example]"
	}
	if c.args != "" {
		s += " " + c.args
	}
	return s
}

// exampleFlags defines the example's flags.
func exampleFlags(fs *flag.FlagSet, e *env) func() error {
	graph := fs.String("graph", defaultGraph,
		"write the example's graph as DOT to `file.dot`, SVG beside it")
	return func() error {
		switch ext := strings.ToLower(filepath.Ext(*graph)); {
		case *graph == "":
			return &usageError{msg: "-graph needs a file name"}
		case ext != ".dot" && ext != ".gv":
			return &usageError{msg: fmt.Sprintf(
				"-graph %q: the name must end in .dot or .gv", *graph)}
		}
		d := drawing{path: *graph, render: graphviz.RenderFile}
		return runExample(e.ctx, e.stdout, d)
	}
}

// moonsFlags defines the flags of the moons command.
func moonsFlags(fs *flag.FlagSet, e *env) func() error {
	c := moonsConfig{tty: e.tty}
	fs.Uint64Var(&c.seed, "seed", defaultSeed,
		"seed `n` for the points and the initial weights")
	fs.IntVar(&c.steps, "steps", defaultSteps, "train for `n` steps")
	fs.StringVar(&c.png, "o", defaultPNG, "draw the decision boundary to `file.png`")
	return func() error {
		switch {
		case c.steps < 1 || c.steps > maxMoonSteps:
			return &usageError{msg: fmt.Sprintf("-steps %d: want 1 to %d", c.steps,
				maxMoonSteps)}
		case !strings.EqualFold(filepath.Ext(c.png), ".png"):
			return &usageError{msg: fmt.Sprintf("-o %q: the name must end in .png", c.png)}
		}
		return runMoons(e.stdout, c)
	}
}

// dotFlags defines the dot command, which has no flags.
func dotFlags(_ *flag.FlagSet, e *env) func() error {
	return func() error { return writeDOT(e.stdout) }
}

// errWriter is a Writer that keeps the first error of w and writes nothing
// after it, so that text can be printed freely and the error checked once.
type errWriter struct {
	w   io.Writer
	err error
}

// Write writes p unless an earlier write failed, and keeps the first error.
func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// isTerminal reports whether w is a terminal, where a progress bar can
// redraw itself in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
