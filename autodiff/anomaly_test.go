package autodiff_test

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// here returns the site of the line that calls it, as AnomalyError.Site
// gives it.
func here() string {
	_, file, line, _ := runtime.Caller(1)
	return fmt.Sprintf("autodiff/%s:%d", file[len(file)-len("anomaly_test.go"):], line)
}

// anomalyOf returns g's anomaly, failing t if there is none.
func anomalyOf[T constraints.Float](t *testing.T, g *autodiff.Graph[T]) *autodiff.AnomalyError {
	t.Helper()
	var e *autodiff.AnomalyError
	if err := g.Err(); !errors.As(err, &e) {
		t.Fatalf("Err() = %v, want an *AnomalyError", err)
	}
	return e
}

// equateNaN makes cmp treat NaNs as equal, and ignores the unexported field.
var equateNaN = []cmp.Option{cmpopts.EquateNaNs(),
	cmpopts.IgnoreUnexported(autodiff.AnomalyError{})}

func TestAnomalyForward(t *testing.T) {
	t.Run("float64", testAnomalyForward[float64])
	t.Run("float32", testAnomalyForward[float32])
}

// testAnomalyForward makes one op give NaN or infinity from finite inputs,
// and then another, and checks that the first is the one reported.
func testAnomalyForward[T constraints.Float](t *testing.T) {
	type V = autodiff.Value[T]
	type G = autodiff.Graph[T]
	inf, nan := math.Inf(1), math.NaN()
	m := math.MaxFloat64
	if isFloat32[T]() {
		m = math.MaxFloat32
	}
	big := T(m)
	tests := []struct {
		name string
		f    func(g *G) (y *V, site string)
		want autodiff.AnomalyError
	}{
		{"log of a negative", func(g *G) (*V, string) {
			return g.New(-1).Log(), here()
		}, autodiff.AnomalyError{Op: "log", Inputs: []float64{-1}, Value: nan}},
		{"log of 0", func(g *G) (*V, string) {
			return g.New(0).Log(), here()
		}, autodiff.AnomalyError{Op: "log", Inputs: []float64{0}, Value: -inf}},
		{"division by 0", func(g *G) (*V, string) {
			return g.New(2).Div(autodiff.Const[T](0)), here()
		}, autodiff.AnomalyError{Op: "/", Inputs: []float64{2, 0}, Value: inf}},
		{"exp overflows", func(g *G) (*V, string) {
			return g.New(1000).Exp(), here()
		}, autodiff.AnomalyError{Op: "exp", Inputs: []float64{1000}, Value: inf}},
		{"sum overflows", func(g *G) (*V, string) {
			b := g.Const(big)
			return autodiff.Sum(b, b.Neg(), b, b), here()
		}, autodiff.AnomalyError{Op: "sum", Inputs: []float64{m, -m, m, m}, Value: inf}},
		{"product overflows", func(g *G) (*V, string) {
			return g.New(big / 2).Mul(g.Const(-4)), here()
		}, autodiff.AnomalyError{Op: "*", Inputs: []float64{m / 2, -4}, Value: -inf}},
		{"NaN given as data", func(g *G) (*V, string) {
			return g.New(T(nan)).Tanh(), here()
		}, autodiff.AnomalyError{Op: "tanh", Inputs: []float64{nan}, Value: nan}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := autodiff.NewGraph[T]()
			g.DetectAnomalies()
			if err := g.Err(); err != nil {
				t.Fatalf("before any op: got %v, want nil", err)
			}
			y, site := tt.f(g)
			y.Sqrt().Neg().Log().Log() // more NaN, not reported
			e := anomalyOf(t, g)
			want := tt.want
			want.Pass, want.Site, want.Input = autodiff.ForwardPass, site, -1
			if diff := cmp.Diff(&want, e, equateNaN...); diff != "" {
				t.Errorf("anomaly mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnomalyBackward(t *testing.T) {
	t.Run("float64", testAnomalyBackward[float64])
	t.Run("float32", testAnomalyBackward[float32])
}

// testAnomalyBackward makes gradients infinite where values are finite, and
// checks that the first op to do so in the backward pass is reported, by
// Backward and by Grad.
func testAnomalyBackward[T constraints.Float](t *testing.T) {
	type V = autodiff.Value[T]
	type G = autodiff.Graph[T]
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name string
		f    func(g *G) (x, y *V, site string)
		want autodiff.AnomalyError

		// byGrad is the Value Grad reports, the first non-finite one of
		// those it makes, where that is not want.Value.
		byGrad float64
	}{
		{"sqrt at 0", func(g *G) (*V, *V, string) {
			x := g.New(0)
			s, site := x.Sqrt(), here()
			return x, s.Mul(autodiff.Const[T](3)), site
		}, autodiff.AnomalyError{Op: "sqrt", Inputs: []float64{0}, Value: inf}, inf},
		{"sqrt of sqrt: the outer one is first", func(g *G) (*V, *V, string) {
			x := g.New(0)
			inner := x.Sqrt()
			return x, inner.Sqrt(), here()
		}, autodiff.AnomalyError{Op: "sqrt", Inputs: []float64{0}, Value: inf}, inf},
		{"0 times an infinite derivative", func(g *G) (*V, *V, string) {
			x := g.New(0)
			s, site := x.Pow(autodiff.Const[T](0.5)), here()
			return x, s.Mul(autodiff.Const[T](0)), site
		}, autodiff.AnomalyError{Op: "pow", Inputs: []float64{0, 0.5}, Value: nan},
			inf}, // Grad's 0.5·0^-0.5, before it is multiplied by 0
	}
	for _, tt := range tests {
		for _, how := range []string{"Backward", "Grad"} {
			t.Run(tt.name+" by "+how, func(t *testing.T) {
				g := autodiff.NewGraph[T]()
				g.DetectAnomalies()
				x, y, site := tt.f(g)
				if err := g.Err(); err != nil {
					t.Fatalf("forward pass: got %v, want nil", err)
				}
				if how == "Backward" {
					y.Backward()
					// Again: the check must have left Backward as it was.
					first := x.Grad()
					y.Backward()
					if got := x.Grad(); !cmp.Equal(got, first+first, equateNaN...) {
						t.Errorf("second Backward: got %v, want %v", got, first+first)
					}
				} else {
					autodiff.Grad(y, x)
				}
				e := anomalyOf(t, g)
				want := tt.want
				want.Pass, want.Site, want.Input = autodiff.BackwardPass, site, 0
				if how == "Grad" {
					want.Value = tt.byGrad
				}
				if diff := cmp.Diff(&want, e, equateNaN...); diff != "" {
					t.Errorf("anomaly mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// TestAnomalyError checks the message, which prints numbers as the Value
// type does.
func TestAnomalyError(t *testing.T) {
	g := autodiff.NewGraph[float32]()
	g.DetectAnomalies()
	x := g.New(0.1)
	y, site := x.Sqrt().Log().Sub(g.Const(0.1).Div(x.Sub(g.Const(0.1)))), here()
	y.Backward()
	want := "autodiff: forward pass: / at " + site + " made +Inf from inputs [0.1 0]"
	if got := g.Err().Error(); got != want {
		t.Errorf("forward:\ngot  %s\nwant %s", got, want)
	}

	g = autodiff.NewGraph[float32]()
	g.DetectAnomalies()
	x = g.New(0)
	y, site = x.Sqrt(), here()
	y.Backward()
	want = "autodiff: backward pass: sqrt at " + site + " gave input 0 the gradient +Inf; " +
		"inputs [0]"
	if got := g.Err().Error(); got != want {
		t.Errorf("backward:\ngot  %s\nwant %s", got, want)
	}
}

// TestAnomalyOff checks that nothing is recorded where detection is off:
// in a Graph that did not ask for it, on the heap, and for ops made before
// it began.
func TestAnomalyOff(t *testing.T) {
	off := autodiff.NewGraph[float64]()
	x := off.New(-1)
	x.Log().Backward()
	if err := off.Err(); err != nil {
		t.Errorf("graph without detection: got %v, want nil", err)
	}

	on := autodiff.NewGraph[float64]()
	on.New(-1).Log()
	early := on.New(0).Sqrt()
	on.DetectAnomalies()
	autodiff.New(-1.0).Log().Backward()
	if err := on.Err(); err != nil {
		t.Errorf("ops on the heap and before detection: got %v, want nil", err)
	}

	// An op made before detection began has no site.
	early.Backward()
	if e := anomalyOf(t, on); e.Site != "" || e.Op != "sqrt" {
		t.Errorf("got op %q at %q, want sqrt at no site", e.Op, e.Site)
	}
	on.DetectAnomalies()
	if err := on.Err(); err != nil {
		t.Errorf("after DetectAnomalies again: got %v, want nil", err)
	}
	on.Reset()
	y, site := on.New(0).Log(), here()
	if e := anomalyOf(t, on); e.Site != site || e.Op != "log" || !math.IsInf(y.Data(), -1) {
		t.Errorf("after Reset: got %v, want log at %s", e, site)
	}
}

func TestAnomalyBackwardUnchanged(t *testing.T) {
	t.Run("float64", testAnomalyBackwardUnchanged[float64])
	t.Run("float32", testAnomalyBackwardUnchanged[float32])
}

// testAnomalyBackwardUnchanged checks that Backward under detection, which
// takes its own copy of the sweep, gives every Value the gradients it gives
// without, twice in a row, so that the pending counts were left at zero.
func testAnomalyBackwardUnchanged[T constraints.Float](t *testing.T) {
	type V = autodiff.Value[T]
	fs := map[string]func(x []*V) *V{}
	var names []string
	for _, c := range opCases[T]() {
		fs[c.name] = c.f
		names = append(names, c.name)
	}
	for _, p := range fuzzSeeds {
		name := fmt.Sprint("expr", p)
		fs[name] = expr[T](p)
		names = append(names, name)
	}
	at := []float64{0.4, -1.3, 0.9, 1.7}
	// grads builds f in a new Graph and returns the gradients of its leaves
	// after one and two Backwards, and of the root's inputs after two.
	grads := func(f func(x []*V) *V, detect bool) []T {
		g := autodiff.NewGraph[T]()
		if detect {
			g.DetectAnomalies()
		}
		x := make([]*V, len(at))
		for i, a := range at {
			x[i] = g.New(T(a))
		}
		y := f(x)
		var out []T
		for range 2 {
			y.Backward()
			for _, xi := range x {
				out = append(out, xi.Grad())
			}
		}
		for _, in := range y.Inputs() {
			out = append(out, in.Grad())
		}
		if err := g.Err(); err != nil {
			t.Errorf("unexpected anomaly: %v", err)
		}
		return out
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			want, got := grads(fs[name], false), grads(fs[name], true)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("gradients with detection (-off +on):\n%s", diff)
			}
		})
	}
}

// BenchmarkAnomalyDetection times building a graph and differentiating it,
// on the heap, in a Graph, and in a Graph that detects anomalies, for two
// graphs: one training step of a small network, and a chain of 1,000 ops,
// where the check that watch makes on each op weighs the most.
func BenchmarkAnomalyDetection(b *testing.B) {
	net := newBenchNet()
	steps := []struct {
		name string
		step func(konst func(float64) *autodiff.Value[float64])
	}{{"net", net.step}, {"chain", chainStep}}
	for _, s := range steps {
		b.Run(s.name+"/heap", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.step(autodiff.Const[float64])
			}
		})
		for _, detect := range []bool{false, true} {
			name := s.name + "/graph"
			if detect {
				name += "-detecting"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				g := autodiff.NewGraph[float64]()
				if detect {
					g.DetectAnomalies()
				}
				for b.Loop() {
					g.Reset()
					s.step(g.Const)
				}
			})
		}
	}

	// Backward alone, on a chain built once, with and without the checks.
	for _, detect := range []bool{false, true} {
		name := "chain/backward-only"
		if detect {
			name += "-detecting"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			g := autodiff.NewGraph[float64]()
			if detect {
				g.DetectAnomalies()
			}
			y := g.New(1)
			a, c := g.Const(1.0001), g.Const(0.0001)
			for range 500 {
				y = y.Mul(a).Add(c)
			}
			for b.Loop() {
				y.Backward()
			}
		})
	}
}

// chainStep differentiates y = y·a + c, 500 times over, from a leaf on the
// heap.
func chainStep(konst func(float64) *autodiff.Value[float64]) {
	x := autodiff.New(1.0)
	a, c := konst(1.0001), konst(0.0001)
	y := x
	for range 500 {
		y = y.Mul(a).Add(c)
	}
	y.Backward()
}

// benchNet is a network of 8 inputs, 16 tanh units and one output, with
// its parameters as leaves on the heap.
type benchNet struct {
	w1 [16][]*autodiff.Value[float64]
	b1 [16]*autodiff.Value[float64]
	w2 []*autodiff.Value[float64]
}

func newBenchNet() *benchNet {
	n := &benchNet{w2: make([]*autodiff.Value[float64], 16)}
	for j := range n.w1 {
		n.w1[j] = make([]*autodiff.Value[float64], 8)
		for i := range n.w1[j] {
			n.w1[j][i] = autodiff.New(math.Sin(float64(8*j + i)))
		}
		n.b1[j] = autodiff.New(0.1 * float64(j))
		n.w2[j] = autodiff.New(math.Cos(float64(j)))
	}
	return n
}

// step computes the squared error of the network on one example whose
// inputs and target konst makes, and differentiates it.
func (n *benchNet) step(konst func(float64) *autodiff.Value[float64]) {
	in := make([]*autodiff.Value[float64], 8)
	for i := range in {
		in[i] = konst(float64(i) / 8)
	}
	var h [16]*autodiff.Value[float64]
	for j := range h {
		h[j] = autodiff.Dot(n.w1[j], in).Add(n.b1[j]).Tanh()
	}
	e := autodiff.Dot(n.w2, h[:]).Sub(konst(0.5))
	e.Mul(e).Backward()
}

// TestAnomalyAffineLeafWeight checks that anomaly detection reports a
// weight's gradient that overflows in an Affine whose weights are all
// leaves, which Backward adds to without passing them to give: the Affine,
// its weight's input number and its site.
func TestAnomalyAffineLeafWeight(t *testing.T) {
	type V = autodiff.Value[float64]
	g := autodiff.NewGraph[float64]()
	g.DetectAnomalies()
	w, x := autodiff.New(1e-200), g.New(1e200)
	a, site := autodiff.Affine([]*V{w}, []*V{x}, g.Const(0)), here()
	y := a.Mul(g.Const(1e200))
	if err := g.Err(); err != nil {
		t.Fatalf("forward pass: got %v, want nil", err)
	}
	y.Backward()
	e := anomalyOf(t, g)
	want := &autodiff.AnomalyError{Pass: autodiff.BackwardPass, Op: "affine", Site: site,
		Inputs: []float64{1e-200, 1e200, 0}, Input: 0, Value: math.Inf(1)}
	if diff := cmp.Diff(want, e, equateNaN...); diff != "" {
		t.Errorf("anomaly mismatch (-want +got):\n%s", diff)
	}
	if !math.IsInf(w.Grad(), 1) || x.Grad() != 1e200*1e-200 {
		t.Errorf("gradients: w %v, x %v; want +Inf, %v", w.Grad(), x.Grad(), 1e200*1e-200)
	}
}
