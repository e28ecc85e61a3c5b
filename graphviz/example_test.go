package graphviz_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graphviz"
)

// The DOT of y = x*x + x at x = 3, after Backward: dy/dx = 2x + 1 = 7. The
// two edges from x (v2) into the "*" op (o1) are x*x's two inputs.
func ExampleWrite() {
	x := autodiff.New(3.0).Named("x")
	y := x.Mul(x).Add(x).Named("y")
	y.Backward()
	if err := graphviz.Write(os.Stdout, y); err != nil {
		log.Fatal(err)
	}
	// Output:
	// digraph autodiff {
	// 	graph [rankdir=LR, nslimit=1, fontname=Helvetica]
	// 	node [shape=box, style="rounded,filled", fillcolor=white, fontname=Helvetica]
	// 	edge [arrowsize=0.7, fontname=Helvetica, fontsize=10]
	// 	v0 [label="y\ndata 12\ngrad 1"]
	// 	o0 [label="+", shape=oval, fillcolor="#fff2cc"]
	// 	v1 -> o0
	// 	v2 -> o0
	// 	o0 -> v0
	// 	v1 [label="data 9\ngrad 1"]
	// 	o1 [label="*", shape=oval, fillcolor="#fff2cc"]
	// 	v2 -> o1
	// 	v2 -> o1
	// 	o1 -> v1
	// 	v2 [label="x\ndata 3\ngrad 7", fillcolor="#cfe2f3"]
	// }
}

// Without op nodes and colours, each Value's box names the op that made it,
// and the edges into "-" are numbered since the order of its inputs matters.
func ExampleWrite_plain() {
	a := autodiff.New(0.5).Named("a")
	b := autodiff.Const(2.0).Named("b")
	y := a.Sub(b).Tanh().Named("y")
	y.Backward()
	err := graphviz.Write(os.Stdout, y, graphviz.OpNodes(false), graphviz.ShadeKinds(false),
		graphviz.MarkGrads(false), graphviz.Numbers('f', 3), graphviz.Title("y = tanh(a - b)"))
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// digraph autodiff {
	// 	graph [rankdir=LR, nslimit=1, fontname=Helvetica, labelloc=t, label="y = tanh(a - b)"]
	// 	node [shape=box, style="rounded,filled", fillcolor=white, fontname=Helvetica]
	// 	edge [arrowsize=0.7, fontname=Helvetica, fontsize=10]
	// 	v0 [label="y\nop tanh\ndata -0.905\ngrad 1.000"]
	// 	v1 -> v0
	// 	v1 [label="op -\ndata -1.500\ngrad 0.181"]
	// 	v2 -> v1 [label="1"]
	// 	v3 -> v1 [label="2"]
	// 	v2 [label="a\ndata 0.500\ngrad 0.181"]
	// 	v3 [label="b\ndata 2.000\nno grad"]
	// }
}

// A graph too large to lay out in reasonable time is refused with an error
// that says how large it is and how to draw it anyway.
func ExampleTooLargeError() {
	v := autodiff.New(1.0)
	for range 1500 {
		v = v.Sin()
	}
	var buf bytes.Buffer
	var tooLarge *graphviz.TooLargeError
	if err := graphviz.Write(&buf, v); errors.As(err, &tooLarge) {
		fmt.Printf("%d nodes for %d values, limit %d\n",
			tooLarge.Nodes, tooLarge.Values, tooLarge.Limit)
	}
	fmt.Println(graphviz.Write(&buf, v, graphviz.MaxNodes(tooLarge.Nodes)))
	// Output:
	// 3001 nodes for 1501 values, limit 2000
	// <nil>
}

// RenderFile takes the format from the file's name; a Render of the same
// DOT would write the picture to any io.Writer.
func ExampleRenderFile() {
	x := autodiff.New(2.0).Named("x")
	y := x.Tanh().Named("y")
	y.Backward()
	var dot bytes.Buffer
	if err := graphviz.Write(&dot, y); err != nil {
		log.Fatal(err)
	}
	name := filepath.Join(os.TempDir(), "tanh.svg")
	if err := graphviz.RenderFile(context.Background(), name, &dot); err != nil {
		log.Fatal(err) // such as ErrNoDot, when Graphviz is not installed
	}
}
