package graphviz_test

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graphviz"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

type value = autodiff.Value[float64]

// neuron returns micrograd's neuron, o = tanh(x1*w1 + x2*w2 + b), after
// Backward: tanh(n) = 0.7071 and do/dn = 0.5.
func neuron() *value {
	x1, x2 := autodiff.New(2.0).Named("x1"), autodiff.New(0.0).Named("x2")
	w1, w2 := autodiff.New(-3.0).Named("w1"), autodiff.New(1.0).Named("w2")
	b := autodiff.New(6.881373587019543).Named("b")
	n := x1.Mul(w1).Add(x2.Mul(w2)).Add(b).Named("n")
	o := n.Tanh().Named("o")
	o.Backward()
	return o
}

// goldenCases are the graphs and options whose DOT is kept in testdata/.
var goldenCases = []struct {
	name   string
	root   func() *value
	opts   []graphviz.Option
	reason string
}{
	{
		name:   "neuron",
		root:   neuron,
		reason: "the classic drawing: parameters, ops, labelled intermediates",
	},
	{
		name: "shared",
		root: func() *value {
			a := autodiff.New(3.0).Named("a")
			y := a.Mul(a).Add(a).Named("y")
			y.Backward()
			return y
		},
		reason: "a Value used twice by one op is one node with two edges into it",
	},
	{
		name: "constants",
		root: func() *value {
			six := autodiff.Const(2.0).Named("two").Mul(autodiff.Const(3.0)).Named("six")
			x := autodiff.New(10.0).Named("x")
			y := x.Sub(six).Pow(autodiff.Const(2.0)).Named("y")
			y.Backward()
			return y
		},
		reason: "constants, a Value of constants only, numbered edges into - and pow",
	},
	{
		name: "grads",
		root: func() *value {
			zero := autodiff.New(-1.0).Named("times 0").Mul(autodiff.Const(0.0))
			inf := autodiff.New(0.0).Named("sqrt'=inf").Sqrt()
			nan := autodiff.New(-1.0).Named("sqrt'=nan").Sqrt()
			y := autodiff.Sum(zero, inf, nan)
			y.Backward()
			return y
		},
		reason: "zero, infinite and NaN gradients are marked",
	},
	{
		name: "nary",
		root: func() *value {
			a := []*value{autodiff.New(1.0), autodiff.New(2.0)}
			b := []*value{autodiff.New(3.0), autodiff.New(4.0)}
			y := autodiff.LogSumExp(autodiff.Dot(a, b), autodiff.Sum(a...))
			y.Backward()
			return y
		},
		reason: "ops of many inputs; only Dot's edges are numbered",
	},
	{
		name: "leaky",
		root: func() *value {
			y := autodiff.New(-2.0).Named("x").LeakyReLU(0.01)
			y.Backward()
			return y
		},
		reason: "LeakyReLU's slope is a constant second input",
	},
	{
		name:   "no_ops",
		root:   neuron,
		opts:   []graphviz.Option{graphviz.OpNodes(false)},
		reason: "ops folded into their results' boxes",
	},
	{
		name: "options",
		root: neuron,
		opts: []graphviz.Option{
			graphviz.Direction(graphviz.TopToBottom), graphviz.Numbers('e', 2),
			graphviz.ShadeKinds(false), graphviz.MarkGrads(false),
			graphviz.Title("micrograd's neuron\no = tanh(x1*w1 + x2*w2 + b)"),
		},
		reason: "every option that changes the drawing, at once",
	},
	{
		name: "before_backward",
		root: func() *value {
			return autodiff.New(2.0).Named("x").Exp().Named("y")
		},
		reason: "before Backward every gradient is zero and marked",
	},
	{
		name: "leaf",
		root: func() *value {
			return autodiff.New(1.0).Named(`a "leaf" \ root`)
		},
		reason: "a root with no op, and a label that needs escaping",
	},
}

func TestGolden(t *testing.T) {
	dotPath := lookDot(t)
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := graphviz.Write(&buf, tc.root(), tc.opts...); err != nil {
				t.Fatalf("Write: %v", err)
			}
			got := buf.Bytes()
			path := filepath.Join("testdata", tc.name+".dot")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("DOT differs from %s (%s) (-want +got):\n%s", path, tc.reason, diff)
			}
			if dotPath != "" {
				checkDrawn(t, dotPath, got)
			}
		})
	}
}

// checkDrawn has dot draw src and checks that the drawing holds every node
// and edge of src, with the text the model of Graphviz reads from src.
func checkDrawn(t *testing.T, dotPath string, src []byte) {
	t.Helper()
	d := parseSVG(t, runDot(t, dotPath, src))
	wantNodes := map[string][]string{}
	var wantEdges []string
	for _, s := range parseDOT(t, src) {
		switch from, to, isEdge := strings.Cut(s.name, " -> "); {
		case isEdge:
			wantEdges = append(wantEdges, from+"->"+to)
		case s.name != "graph" && s.name != "node" && s.name != "edge":
			wantNodes[s.name] = shownLines(s.attrs["label"])
		}
	}
	if diff := cmp.Diff(wantNodes, d.nodes); diff != "" {
		t.Errorf("nodes drawn by dot (-want +got):\n%s", diff)
	}
	// Dot writes edges in an order of its own; each must be there as often.
	bySort := cmpopts.SortSlices(func(a, b string) bool { return a < b })
	if diff := cmp.Diff(wantEdges, d.edges, bySort); diff != "" {
		t.Errorf("edges drawn by dot (-want +got):\n%s", diff)
	}
}

// TestDeterministic builds the same graphs twice, at different addresses,
// on the heap and in an autodiff.Graph, and writes each twice.
func TestDeterministic(t *testing.T) {
	build := func(g *autodiff.Graph[float64]) *value {
		newV := autodiff.New[float64]
		if g != nil {
			newV = g.New
		}
		xs := make([]*value, 20)
		for i := range xs {
			xs[i] = newV(float64(i) / 7).Named("x")
		}
		var terms []*value
		for i := range xs {
			terms = append(terms, xs[i].Mul(xs[(i*7)%len(xs)]).Tanh())
		}
		y := autodiff.Sum(terms...).Add(xs[3]).Named("y")
		y.Backward()
		return y
	}
	write := func(root *value) string {
		var buf bytes.Buffer
		if err := graphviz.Write(&buf, root); err != nil {
			t.Fatalf("Write: %v", err)
		}
		return buf.String()
	}

	root := build(nil)
	first := write(root)
	for _, tc := range []struct {
		name string
		root *value
	}{
		{"same root again", root},
		{"rebuilt on the heap", build(nil)},
		{"rebuilt in a Graph", build(autodiff.NewGraph[float64]())},
	} {
		if diff := cmp.Diff(first, write(tc.root)); diff != "" {
			t.Errorf("%s: DOT differs (-first +now):\n%s", tc.name, diff)
		}
	}
}

// errWriter fails once more than n bytes have been written to it.
type errWriter struct{ n int }

var errBoom = errors.New("disk full")

func (w *errWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errBoom
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriterErrorsReturned(t *testing.T) {
	// Enough Values for DOT of several times bufio's 4096 bytes.
	xs := make([]*value, 300)
	for i := range xs {
		xs[i] = autodiff.New(float64(i))
	}
	root := autodiff.Sum(xs...)
	var full bytes.Buffer
	if err := graphviz.Write(&full, root); err != nil {
		t.Fatalf("Write: %v", err)
	}
	for _, n := range []int{0, 1, 4095, 4096, 4097, full.Len() / 2, full.Len() - 1} {
		err := graphviz.Write(&errWriter{n}, root)
		if !errors.Is(err, errBoom) {
			t.Errorf("writer failing after %d of %d bytes: got %v, want %v",
				n, full.Len(), err, errBoom)
		}
	}
	if err := graphviz.Write(&errWriter{full.Len()}, root); err != nil {
		t.Errorf("writer with room for all %d bytes: got %v, want nil", full.Len(), err)
	}
}

// nodeAttrs returns the attributes of node name in DOT src, without its label.
func nodeAttrs(t *testing.T, src []byte, name string) map[string]string {
	t.Helper()
	for _, s := range parseDOT(t, src) {
		if s.name == name {
			delete(s.attrs, "label")
			return s.attrs
		}
	}
	t.Fatalf("no node %s in\n%s", name, src)
	return nil
}

func TestKindsLookDifferent(t *testing.T) {
	// y = (p * c) + f, where f = c2 * c3 is computed from constants only.
	p := autodiff.New(2.0)
	c := autodiff.Const(3.0)
	f := autodiff.Const(4.0).Mul(autodiff.Const(5.0))
	y := p.Mul(c).Add(f)
	y.Backward()
	// Walk order: y v0, p*c v1, p v2, c v3, f v4.
	kinds := []struct{ name, kind string }{
		{"v1", "intermediate"}, {"v2", "parameter"}, {"v3", "constant"},
		{"v4", "computed from constants"}, {"o0", "op"},
	}

	for _, tc := range []struct {
		name     string
		opts     []graphviz.Option
		distinct bool
	}{
		{"shaded", nil, true},
		{"ShadeKinds(false)", []graphviz.Option{graphviz.ShadeKinds(false)}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := graphviz.Write(&buf, y, tc.opts...); err != nil {
				t.Fatalf("Write: %v", err)
			}
			attrs := make([]map[string]string, len(kinds))
			for i, k := range kinds {
				attrs[i] = nodeAttrs(t, buf.Bytes(), k.name)
				delete(attrs[i], "shape") // ops are ovals either way
			}
			for i := range kinds {
				for j := range i {
					same := cmp.Equal(attrs[i], attrs[j])
					if same == tc.distinct {
						t.Errorf("%s %v and %s %v: got same=%t, want %t",
							kinds[i].kind, attrs[i], kinds[j].kind, attrs[j], same, !tc.distinct)
					}
				}
			}
		})
	}
}

func TestGradMarks(t *testing.T) {
	// Each parameter gets the constant it is multiplied by as its gradient.
	y := autodiff.Sum(
		autodiff.New(1.0).Mul(autodiff.Const(2.0)),
		autodiff.New(1.0).Mul(autodiff.Const(0.0)),
		autodiff.New(1.0).Mul(autodiff.Const(math.Inf(1))),
		autodiff.New(1.0).Mul(autodiff.Const(math.NaN())),
	)
	y.Backward()
	params := []struct{ name, grad string }{ // in walk order
		{"v2", "2"}, {"v5", "0"}, {"v8", "+Inf"}, {"v11", "NaN"},
	}

	for _, tc := range []struct {
		name   string
		opts   []graphviz.Option
		marked []bool // for params
	}{
		{"marked", nil, []bool{false, true, true, true}},
		{"MarkGrads(false)", []graphviz.Option{graphviz.MarkGrads(false)},
			[]bool{false, false, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := graphviz.Write(&buf, y, tc.opts...); err != nil {
				t.Fatalf("Write: %v", err)
			}
			labels := nodeLabels(parseDOT(t, buf.Bytes()))
			plain := nodeAttrs(t, buf.Bytes(), params[0].name)
			var marks []map[string]string
			for i, p := range params {
				if want := "grad " + p.grad; !strings.HasSuffix(labels[p.name], want) {
					t.Fatalf("%s is %q, want it to end in %q", p.name, labels[p.name], want)
				}
				attrs := nodeAttrs(t, buf.Bytes(), p.name)
				if got := !cmp.Equal(attrs, plain); got != tc.marked[i] {
					t.Errorf("grad %s: %v; got marked=%t, want %t",
						p.grad, attrs, got, tc.marked[i])
				}
				if tc.marked[i] {
					marks = append(marks, attrs)
				}
			}

			// Zero is a warning, NaN and infinity are errors: two looks.
			if len(marks) == 3 &&
				(cmp.Equal(marks[0], marks[1]) || !cmp.Equal(marks[1], marks[2])) {
				t.Errorf("zero %v, inf %v, nan %v: want zero apart, inf and nan alike",
					marks[0], marks[1], marks[2])
			}
		})
	}
}

func BenchmarkWrite(b *testing.B) {
	// A layer of 30 tanh neurons of 30 inputs each, about 2000 Values.
	xs := make([]*value, 30)
	for i := range xs {
		xs[i] = autodiff.New(float64(i) / 30)
	}
	var outs []*value
	for range 30 {
		ws := make([]*value, len(xs))
		for i := range ws {
			ws[i] = autodiff.New(0.1)
		}
		outs = append(outs, autodiff.Dot(ws, xs).Tanh())
	}
	root := autodiff.Sum(outs...)
	root.Backward()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := graphviz.Write(&buf, root); err != nil {
			b.Fatal(err)
		}
	}
}
