package graphviz

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// Write writes the graph of Values below root, root included, to w as one
// Graphviz digraph in the DOT language, for dot to lay out; see the package
// documentation for what the drawing shows and how nodes are named.
//
// The same graph and options give the same bytes every time. Write takes time
// and memory linear in the number of Values and inputs below root and uses no
// recursion. If the drawing would have more nodes than the limit set by
// [MaxNodes], Write writes nothing and returns a [*TooLargeError]. An error
// from w is returned, wrapped; w may then hold part of the DOT.
//
// Write panics if root is nil.
func Write[T constraints.Float](w io.Writer, root *autodiff.Value[T], opts ...Option) error {
	if root == nil {
		panic("graphviz: Write of a nil root")
	}
	c := newConfig(opts)
	nodes, ids, err := walk(root, c.maxNodes, c.ops)
	if err != nil {
		return err
	}

	// bufio keeps the first error of w and returns it from Flush.
	bw := bufio.NewWriter(w)
	p := printer[T]{w: bw, c: &c, bits: bitSize[T]()}
	p.header()
	for id, n := range nodes {
		p.value(id, n)
		p.op(id, n, ids)
	}
	bw.WriteString("}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("graphviz: writing DOT: %w", err)
	}
	return nil
}

// symmetric reports whether the result of op stays the same when its inputs
// change places. The edges into other ops with several inputs are numbered.
func symmetric(op string) bool {
	switch op {
	case "+", "*", "max", "min", "sum", "logsumexp":
		return true
	}
	return false
}

// bitSize returns the size of T in bits, 32 or 64, for strconv.
func bitSize[T constraints.Float]() int {
	// A float32 rounds 1 + 1e-9 to 1; a float64 does not.
	x := 1 + 1e-9
	if float64(T(x)) == 1 {
		return 32
	}
	return 64
}

// The colours of the drawing, light enough that black text stays readable.
const (
	paramFill = `"#cfe2f3"` // blue
	constFill = `"#e6e6e6"` // grey
	opFill    = `"#fff2cc"` // yellow
	zeroColor = `"#e69138"` // orange
	badColor  = `"#cc0000"` // red
)

// printer writes the statements of one drawing.
type printer[T constraints.Float] struct {
	w    *bufio.Writer
	c    *config
	bits int
}

// header opens the digraph and sets the attributes every node shares.
func (p *printer[T]) header() {
	// Nslimit bounds the passes of dot's network simplex to one per node.
	// Small drawings need fewer and come out the same; a drawing of a
	// thousand nodes whose edges span many ranks takes seconds, not minutes.
	fmt.Fprintf(p.w, "digraph autodiff {\n\tgraph [rankdir=%s, nslimit=1, fontname=Helvetica",
		p.c.dir.rankdir())
	if p.c.title != "" {
		fmt.Fprintf(p.w, ", labelloc=t, label=%s", quote(p.c.title))
	}
	p.w.WriteString("]\n" +
		"\tnode [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=Helvetica]\n" +
		"\tedge [arrowsize=0.7, fontname=Helvetica, fontsize=10]\n")
}

// value writes the node of n's Value, number id.
func (p *printer[T]) value(id int, n node[T]) {
	v := n.v
	var text strings.Builder
	if l := v.Label(); l != "" {
		text.WriteString(l)
		text.WriteByte('\n')
	}
	if op := v.Op(); op != "" && !p.c.ops {
		text.WriteString("op " + op + "\n")
	}
	text.WriteString("data " + p.num(v.Data()))
	if v.RequiresGrad() {
		text.WriteString("\ngrad " + p.num(v.Grad()))
	} else {
		// Backward never reaches a Value that no parameter lies below.
		text.WriteString("\nno grad")
	}
	fmt.Fprintf(p.w, "\tv%d [label=%s", id, quote(text.String()))

	if p.c.shade {
		switch {
		case v.IsConst():
			p.w.WriteString(`, style="rounded,filled,dashed", fillcolor=` + constFill)
		case !v.RequiresGrad():
			p.w.WriteString(", fillcolor=" + constFill)
		case len(n.in) == 0:
			p.w.WriteString(", fillcolor=" + paramFill)
		}
	}
	if g := float64(v.Grad()); p.c.mark && v.RequiresGrad() {
		switch {
		case math.IsNaN(g) || math.IsInf(g, 0):
			p.w.WriteString(", color=" + badColor + ", fontcolor=" + badColor + ", penwidth=2.5")
		case g == 0:
			p.w.WriteString(", color=" + zeroColor + ", penwidth=2.5")
		}
	}
	p.w.WriteString("]\n")
}

// op writes the edges from the inputs of n's Value, number id, to it, and
// the node of the op between them unless the options fold ops into Values.
// It writes nothing for a leaf.
func (p *printer[T]) op(id int, n node[T], ids map[*autodiff.Value[T]]int) {
	if len(n.in) == 0 {
		return
	}
	to := fmt.Sprintf("v%d", id)
	if p.c.ops {
		to = fmt.Sprintf("o%d", id)
		fmt.Fprintf(p.w, "\to%d [label=%s, shape=oval", id, quote(n.v.Op()))
		if p.c.shade {
			p.w.WriteString(", fillcolor=" + opFill)
		}
		p.w.WriteString("]\n")
	}
	numbered := len(n.in) > 1 && !symmetric(n.v.Op())
	for i, in := range n.in {
		if numbered {
			fmt.Fprintf(p.w, "\tv%d -> %s [label=\"%d\"]\n", ids[in], to, i+1)
		} else {
			fmt.Fprintf(p.w, "\tv%d -> %s\n", ids[in], to)
		}
	}
	if p.c.ops {
		fmt.Fprintf(p.w, "\to%d -> v%d\n", id, id)
	}
}

// num formats x as the options say.
func (p *printer[T]) num(x T) string {
	return strconv.FormatFloat(float64(x), p.c.format, p.c.prec, p.bits)
}
