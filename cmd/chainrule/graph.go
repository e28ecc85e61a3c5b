package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/chainrule/chainrule/graphviz"
	"github.com/chainrule/chainrule/nn"
)

// defaultGraph is where the example writes the DOT of its graph unless
// -graph says otherwise; the SVG goes next to it.
const defaultGraph = "chainrule-example.dot"

// drawing says where section 5 writes the example's graph.
type drawing struct {
	path string // the DOT file; the SVG is the same name ending in .svg

	// render writes the picture of the DOT read from dot to the file name,
	// as graphviz.RenderFile does.
	render func(ctx context.Context, name string, dot io.Reader) error
}

// examplePass returns the example's network at its starting weights and
// its forward pass, after Backward on the loss.
func examplePass() (*nn.MLP[float64], *pass) {
	m := newNetwork()
	p := forward(m, students()[0])
	p.loss.Backward()
	return m, p
}

// writeDOT writes the example's graph, from the inputs to L, with every
// Value's data and gradient at the starting weights, as Graphviz DOT.
func writeDOT(w io.Writer) error {
	_, p := examplePass()
	s := students()[0]
	title := fmt.Sprintf("L = (1/N) Σ ||ŷ - y||² for x = (%s), y = (%s)", join(s.x), join(s.y))
	return graphviz.Write(w, p.loss, graphviz.Title(title), graphviz.Numbers('g', 7))
}

// writeGraph writes section 5: the example's graph to the DOT file that d
// names and, when Graphviz is installed, to an SVG beside it, and says
// where. It returns an error if a file cannot be written.
func writeGraph(ctx context.Context, w io.Writer, d drawing) error {
	heading(w, 5, "The computation graph")
	var dot bytes.Buffer
	if err := writeDOT(&dot); err != nil {
		return err
	}
	err := writeFile(d.path, func(f io.Writer) error {
		_, err := f.Write(dot.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	svg := strings.TrimSuffix(d.path, filepath.Ext(d.path)) + ".svg"
	fmt.Fprintf(w, "The graph of L at the starting weights, every Value with its data and\n"+
		"gradient (parameters in blue, constants in grey, ops in yellow), is in\n\n"+
		"  %s\n", d.path)
	// dot lays this graph out in well under a second; a minute means it hangs.
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	err = d.render(ctx, svg, bytes.NewReader(dot.Bytes()))
	switch {
	case errors.Is(err, graphviz.ErrNoDot):
		fmt.Fprintf(w, "\nGraphviz's dot is not installed, so there is no picture; with it\n"+
			"(apt-get install graphviz), draw one with: dot -Tsvg %s -o %s\n", d.path, svg)
	case err != nil:
		return fileError(svg, err)
	default:
		fmt.Fprintf(w, "  %s\n\nOpen the SVG in a web browser to see it.\n", svg)
	}
	return nil
}
