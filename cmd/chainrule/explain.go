package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// maxPaths bounds autodiff.Paths. The example has at most two paths from L
// to a parameter; the bound only guards against a graph built wrongly.
const maxPaths = 16

// writeGradients writes section 2: the engine's gradient of every
// parameter, then each one taken apart into its chain-rule paths. The
// backward pass must already have run on p.loss.
func writeGradients(w io.Writer, m *nn.MLP[float64], p *pass) error {
	heading(w, 2, "The backward pass: every gradient is the chain rule")
	params := m.Parameters()
	fmt.Fprintf(w, "L.Backward() gives each of the %d parameters p its gradient ∂L/∂p:\n\n",
		len(params))
	cols := [][]string{{"p"}, {"value"}, {"∂L/∂p"}}
	for _, q := range params {
		cols[0] = append(cols[0], q.Label())
		cols[1] = append(cols[1], num(q.Data()))
		cols[2] = append(cols[2], num(q.Grad()))
	}
	writeTable(w, "  ", cols)
	fmt.Fprint(w, "\nWhere each comes from: autodiff.Paths(L, p) lists every path down the\n"+
		"graph from L to p. On each edge, from a Value out down to one of its\n"+
		"inputs in, sits the local derivative ∂out/∂in, which only the op that\n"+
		"made out needs to know. The chain rule multiplies the local derivatives\n"+
		"along a path and adds up the paths: the sum is the engine's gradient.\n"+
		"The Values are named as in section 1; wj(l)·a(l-1) is the weighted sum\n"+
		"of neuron j of layer l before its bias, Σe² the sum of squared errors.\n\n")

	// Layer 2 first, as Backward reaches it first: one path to each of its
	// parameters, where layer 1's have one through each output.
	for l := len(m.Layers) - 1; l >= 0; l-- {
		fmt.Fprintf(w, "Layer %d\n-------\n\n", l+1)
		for _, q := range m.Layers[l].Parameters() {
			paths, err := autodiff.Paths(p.loss, q, maxPaths)
			if err != nil {
				return fmt.Errorf("the paths to %s: %w", q.Label(), err)
			}
			writeExpansion(w, q, paths)
		}
	}
	return nil
}

// writeExpansion writes the paths from L to the parameter q, each edge with
// its local derivative, and checks their sum against q's gradient.
func writeExpansion(w io.Writer, q *autodiff.Value[float64], paths []autodiff.Path[float64]) {
	fmt.Fprintf(w, "∂L/∂%s = %s, from %s:\n", q.Label(), num(q.Grad()),
		plural(len(paths), "path"))
	// Each edge is a row: ∂out/∂in, its formula and its value, aligned
	// across all the paths.
	type row struct{ edge, formula, value string }
	rows := make([][]row, len(paths))
	var edges, formulas, values []string
	for k, path := range paths {
		for _, e := range path.Edges {
			r := row{
				edge:    "∂" + term(e.Out.Label()) + "/∂" + term(e.In.Label()),
				formula: local(e),
				value:   num(e.Local),
			}
			rows[k] = append(rows[k], r)
			edges, formulas = append(edges, r.edge), append(formulas, r.formula)
			values = append(values, r.value)
		}
		values = append(values, num(path.Product))
	}
	ew, fw, vw := width(edges...), width(formulas...), width(values...)

	var sum float64
	var products []string
	for k, path := range paths {
		fmt.Fprintf(w, "  path %d, through %s:\n", k+1, output(path))
		for _, r := range rows[k] {
			fmt.Fprintf(w, "    %s = %s = %s\n", pad(r.edge, ew), pad(r.formula, fw),
				padLeft(r.value, vw))
		}
		fmt.Fprintf(w, "    %s   %s = %s\n", pad("product", ew), pad("", fw),
			padLeft(num(path.Product), vw))
		sum += path.Product
		products = append(products, factor(path.Product))
	}

	// The engine accumulates the same products in another order, so the
	// last bits may differ; anything more would be a bug worth showing.
	verdict := "the engine's ∂L/∂" + q.Label() + " ✓"
	if g := q.Grad(); math.Abs(sum-g) > 1e-12*(1+math.Abs(g)) {
		verdict = "NOT the engine's ∂L/∂" + q.Label() + " = " + num(g) + " ✗"
	}
	sums := ""
	if len(products) > 1 {
		sums = strings.Join(products, " + ") + " = "
	}
	fmt.Fprintf(w, "  sum: %s%s = %s\n\n", sums, num(sum), verdict)
}

// output returns the label of the network output that path runs through:
// the Value that its error e = ŷ - y is computed from.
func output(path autodiff.Path[float64]) string {
	for _, e := range path.Edges {
		if e.Out.Op() == "-" && e.Index == 0 {
			return e.In.Label()
		}
	}
	return "?"
}

// local returns the formula of the local derivative on edge e, as the op
// that made e.Out defines it, in the labels of the op's inputs.
func local(e autodiff.Edge[float64]) string {
	in := e.Out.Inputs()
	switch e.Out.Op() {
	case "+", "sum":
		return "1"
	case "-":
		if e.Index == 0 {
			return "1"
		}
		return "-1"
	case "*":
		return in[1-e.Index].Label()
	case "/":
		if e.Index == 0 {
			return "1/" + term(in[1].Label())
		}
		return "-" + term(in[0].Label()) + "/" + term(in[1].Label()) + "²"
	case "pow":
		if c := in[1].Data(); e.Index == 0 && in[1].IsConst() {
			base := term(in[0].Label())
			if c == 2 {
				return "2·" + base
			}
			return num(c) + "·" + base + "^" + num(c-1)
		}
	case "relu":
		return "relu'(" + in[0].Label() + ")"
	case "dot", "affine":
		// Their inputs are the left operands, then the right ones, then an
		// affine's bias: the derivative by an operand is its partner on the
		// other side, and by the bias 1.
		half := len(in) / 2
		if e.Index == 2*half {
			return "1"
		}
		return in[(e.Index+half)%(2*half)].Label()
	}
	return "∂" + e.Out.Op()
}

// term returns label ready to stand in a formula: in parentheses unless it
// is a single name such as w11(2) or e1.
func term(label string) string {
	if strings.ContainsAny(label, "·Σ² +-/") {
		return "(" + label + ")"
	}
	return label
}

// plural returns "1 path" or "n paths".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
