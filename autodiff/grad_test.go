package autodiff_test

import (
	"fmt"
	"math"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// leavesAt returns a fresh leaf made by New for each number of at.
func leavesAt[T constraints.Float](at []float64) []*autodiff.Value[T] {
	x := make([]*autodiff.Value[T], len(at))
	for i, a := range at {
		x[i] = autodiff.New(T(a))
	}
	return x
}

// numbers converts at to T.
func numbers[T constraints.Float](at []float64) []T {
	x := make([]T, len(at))
	for i, a := range at {
		x[i] = T(a)
	}
	return x
}

// lift returns x_i + z_i for a fresh leaf z_i = 0 for each x_i: the same
// numbers, but Values that need a gradient even where x_i is a constant, as
// CheckGradient passes them, so that Grad with respect to them is not zero.
func lift[T constraints.Float](x []*autodiff.Value[T]) []*autodiff.Value[T] {
	z := make([]*autodiff.Value[T], len(x))
	for i, xi := range x {
		z[i] = xi.Add(autodiff.New[T](0))
	}
	return z
}

// fusesMultiplyAdd reports whether the compiler rounds x*y + z once on this
// platform (arm64, or amd64 at GOAMD64=v3), so that Backward's sums may
// differ from Grad's, which round each step, in the last bit.
func fusesMultiplyAdd() bool {
	x, z := opaque(1+0x1p-30), opaque(-1)
	return x*x+z != float64(x*x)+z
}

//go:noinline
func opaque(x float64) float64 { return x }

// agreeBits reports whether got equals want, or is within a few ulps of it
// when fused is set.
func agreeBits[T constraints.Float](got, want T, fused bool) bool {
	if got == want || got != got && want != want {
		return true
	}
	eps := 0x1p-52
	if isFloat32[T]() {
		eps = 0x1p-23
	}
	g, w := float64(got), float64(want)
	return fused && math.Abs(g-w) <= 8*eps*max(math.Abs(g), math.Abs(w))
}

func TestGradMatchesBackward(t *testing.T) {
	t.Run("float64", testGradMatchesBackward[float64])
	t.Run("float32", testGradMatchesBackward[float32])
}

// testGradMatchesBackward checks, for every op and for random expressions,
// that the data of Grad's first derivatives are exactly the gradients that
// Backward computes; and the same one order up, with a first derivative
// made by Grad as the root.
func testGradMatchesBackward[T constraints.Float](t *testing.T) {
	type V = autodiff.Value[T]
	type fn = func(x []*V) *V
	type point struct {
		name string
		f    fn
		at   []float64
	}
	var points []point
	for _, c := range opCases[T]() {
		for _, at := range c.at {
			points = append(points, point{fmt.Sprint(c.name, at), c.f, at})
		}
	}
	// LogSumExp's softmax is where float32 rounding most easily parts.
	for _, at := range [][]float64{{2.3, -1.7, 0.45}, {-0.8, 3.1, 1.2}, {5.5, 5.25, -4}} {
		f := func(x []*V) *V { return autodiff.LogSumExp(x...) }
		points = append(points, point{fmt.Sprint("LogSumExp", at), f, at})
	}
	for i, p := range fuzzSeeds {
		at := []float64{0.3*float64(i) - 1, 0.7, -0.4}
		points = append(points, point{fmt.Sprint("expr", p), expr[T](p), at})
	}
	// Three shares of one gradient that cancel or not by the order in which
	// they are added, and Backward adds them in another order for a root in
	// a Graph than on the heap. The first input is the base of a Pow, whose
	// derivative with respect to the exponent takes the log of the base.
	sums := func(x []*V) *V {
		c := autodiff.Const[T]
		h := x[0].Pow(x[1])
		p0, p1, p2 := h.Mul(c(1e16)), h.Mul(c(1)), h.Mul(c(-1e16))
		return autodiff.Sum(p1, p0, p2)
	}
	points = append(points, point{"shares in order", sums, []float64{1.5, 0.5}})
	fused := fusesMultiplyAdd()

	check := func(t *testing.T, order string, y *V, x []*V) {
		t.Helper()
		d := autodiff.Grad(y, x...)
		for _, xi := range x {
			xi.ZeroGrad()
		}
		y.Backward()
		for k, xi := range x {
			if !agreeBits(d[k].Data(), xi.Grad(), fused) {
				t.Errorf("%s, x[%d]: Grad gave %v, Backward %v",
					order, k, d[k].Data(), xi.Grad())
			}
		}
	}

	// Backward takes one of two orders, by where the graph lives: on the
	// heap; in a Graph; in a Graph, from leaves on the heap, as a model's
	// parameters are; in a Graph that holds an op on heap Values.
	heapOp := autodiff.New[T](0.25).Sin()
	where := []struct {
		name   string
		leaves func(g *autodiff.Graph[T], at []float64) []*V
		mixed  bool
	}{
		{"heap", func(_ *autodiff.Graph[T], at []float64) []*V { return leavesAt[T](at) }, false},
		{"graph", graphLeaves[T], false},
		{"graph, first leaf on the heap", func(g *autodiff.Graph[T], at []float64) []*V {
			x := graphLeaves(g, at)
			x[0] = autodiff.New(T(at[0]))
			return x
		}, false},
		{"graph with a heap op", graphLeaves[T], true},
	}
	for _, p := range points {
		for _, w := range where {
			t.Run(p.name+"/"+w.name, func(t *testing.T) {
				x := w.leaves(autodiff.NewGraph[T](), p.at)
				y := p.f(x)
				if w.mixed {
					y = y.Add(heapOp)
				}
				check(t, "first derivative", y, x)
				for k, dk := range autodiff.Grad(y, x...) {
					check(t, fmt.Sprintf("derivative of dy/dx[%d]", k), dk, x)
				}
			})
		}
	}
}

// graphLeaves returns a fresh leaf of g for each number of at.
func graphLeaves[T constraints.Float](g *autodiff.Graph[T], at []float64) []*autodiff.Value[T] {
	x := make([]*autodiff.Value[T], len(at))
	for i, a := range at {
		x[i] = g.New(T(a))
	}
	return x
}

func TestGradSecondDerivatives(t *testing.T) {
	t.Run("float64", testGradSecondDerivatives[float64])
	t.Run("float32", testGradSecondDerivatives[float32])
}

// testGradSecondDerivatives checks every op's second derivatives against
// finite differences of the first derivatives that Grad makes: taken by
// Backward through each first derivative, with CheckGradient, and by Grad
// again, as the Hessian.
func testGradSecondDerivatives[T constraints.Float](t *testing.T) {
	type V = autodiff.Value[T]
	rel := 1e-6
	if isFloat32[T]() {
		rel = 5e-3
	}
	for _, c := range opCases[T]() {
		for _, at := range c.at {
			for k := range at {
				t.Run(fmt.Sprintf("%s%v/d%d", c.name, at, k), func(t *testing.T) {
					dk := func(x []*V) *V {
						z := lift(x)
						return autodiff.Grad(c.f(z), z...)[k]
					}
					err := autodiff.CheckGradient(dk, numbers[T](at), autodiff.Tolerance{})
					if err != nil {
						t.Error(err)
					}
				})
			}
			t.Run(fmt.Sprintf("%s%v/Hessian", c.name, at), func(t *testing.T) {
				x := leavesAt[T](at)
				h := autodiff.Hessian(c.f(x), x...)
				fd := gradDifferences(c.f, at, nil)
				for i := range h {
					for j := range h[i] {
						got, want := float64(h[i][j].Data()), fd[i][j]
						if math.Abs(got-want) > rel*max(1, math.Abs(want)) {
							t.Errorf("d²/dx%d dx%d: got %v, finite differences give %v",
								i, j, got, want)
						}
					}
				}
			})
		}
	}
}

func TestGradKnownDerivatives(t *testing.T) {
	t.Run("float64", testGradKnownDerivatives[float64])
	t.Run("float32", testGradKnownDerivatives[float32])
}

// testGradKnownDerivatives checks higher derivatives against formulas.
func testGradKnownDerivatives[T constraints.Float](t *testing.T) {
	type V = autodiff.Value[T]
	rel := 1e-14
	if isFloat32[T]() {
		rel = 1e-6
	}
	c := autodiff.Const[T]
	// nth returns the n-th derivative of f at x.
	nth := func(f func(x *V) *V, n int, x float64) float64 {
		xv := autodiff.New(T(x))
		y := f(xv)
		for range n {
			y = autodiff.Grad(y, xv)[0]
		}
		return float64(y.Data())
	}
	tests := []struct {
		name string
		f    func(x *V) *V
		n    int
		want func(x float64) float64
		tol  float64 // relative, in units of the type's precision above
	}{
		{"d²/dx² x^3 = 6x", func(x *V) *V { return x.Pow(c(3)) }, 2,
			func(x float64) float64 { return 6 * x }, 4},
		{"d²/dx² x·x·x = 6x", func(x *V) *V { return x.Mul(x).Mul(x) }, 2,
			func(x float64) float64 { return 6 * x }, 4},
		{"d³/dx³ x^3 = 6", func(x *V) *V { return x.Pow(c(3)) }, 3,
			func(float64) float64 { return 6 }, 4},
		{"d⁴/dx⁴ x^3 = 0", func(x *V) *V { return x.Pow(c(3)) }, 4,
			func(float64) float64 { return 0 }, 0},
		{"d³/dx³ sin = -cos", (*V).Sin, 3,
			func(x float64) float64 { return -math.Cos(x) }, 4},
		{"d⁴/dx⁴ sin = sin", (*V).Sin, 4, math.Sin, 4},
		{"d³/dx³ exp = exp", (*V).Exp, 3, math.Exp, 4},
		{"d²/dx² log = -1/x²", (*V).Log, 2,
			func(x float64) float64 { return -1 / (x * x) }, 4},
		{"d²/dx² tanh = -2 tanh (1 - tanh²)", (*V).Tanh, 2,
			func(x float64) float64 {
				th := math.Tanh(x)
				return -2 * th * (1 - th*th)
			}, 16},
		{"d²/dx² relu = 0", (*V).ReLU, 2, func(float64) float64 { return 0 }, 0},
		{"d²/dx² |x| = 0", (*V).Abs, 2, func(float64) float64 { return 0 }, 0},
	}
	for _, tt := range tests {
		for _, x := range []float64{0.7, 1.9} {
			t.Run(fmt.Sprintf("%s at %v", tt.name, x), func(t *testing.T) {
				got, want := nth(tt.f, tt.n, x), tt.want(x)
				if math.Abs(got-want) > tt.tol*rel*max(1, math.Abs(want)) {
					t.Errorf("got %v, want %v", got, want)
				}
			})
		}
	}
}

func TestGradMixedPartials(t *testing.T) {
	t.Run("float64", testGradMixedPartials[float64])
	t.Run("float32", testGradMixedPartials[float32])
}

// testGradMixedPartials checks ∂²f/∂x∂y taken in either order against the
// formula, for f(x, y) = x²y³ + sin(xy) + y^x.
func testGradMixedPartials[T constraints.Float](t *testing.T) {
	rel := 1e-13
	if isFloat32[T]() {
		rel = 1e-5
	}
	for _, at := range [][2]float64{{0.5, 1.5}, {-1.2, 0.8}, {2, 0.3}} {
		t.Run(fmt.Sprint(at), func(t *testing.T) {
			x, y := autodiff.New(T(at[0])), autodiff.New(T(at[1]))
			f := x.Mul(x).Mul(y.Pow(autodiff.Const[T](3))).Add(x.Mul(y).Sin()).Add(y.Pow(x))
			d := autodiff.Grad(f, x, y)
			xy := float64(autodiff.Grad(d[0], y)[0].Data())
			yx := float64(autodiff.Grad(d[1], x)[0].Data())

			a, b := at[0], at[1]
			want := 6*a*b*b + math.Cos(a*b) - a*b*math.Sin(a*b) +
				math.Pow(b, a-1)*(1+a*math.Log(b))
			for _, got := range []struct {
				order string
				v     float64
			}{{"d/dy d/dx", xy}, {"d/dx d/dy", yx}} {
				if math.Abs(got.v-want) > rel*max(1, math.Abs(want)) {
					t.Errorf("%s: got %v, want %v", got.order, got.v, want)
				}
			}
		})
	}
}

// TestGradLeavesGradientsAlone checks that Grad changes no gradient and
// leaves Backward as it was: a Backward after Grad gives what it gave before.
func TestGradLeavesGradientsAlone(t *testing.T) {
	x, w := autodiff.New(0.5), autodiff.New(-1.5)
	h := x.Mul(w).Tanh()
	y := h.Mul(h).Add(h.Exp())
	y.Backward()
	before := []float64{x.Grad(), w.Grad(), h.Grad(), y.Grad()}

	d := autodiff.Grad(y, x, w, h)
	autodiff.Grad(d[0], x, w)
	got := []float64{x.Grad(), w.Grad(), h.Grad(), y.Grad()}
	for i, name := range []string{"x", "w", "h", "y"} {
		if got[i] != before[i] {
			t.Errorf("%s after Grad: got %v, want %v", name, got[i], before[i])
		}
	}

	x.ZeroGrad()
	w.ZeroGrad()
	y.Backward()
	got = []float64{x.Grad(), w.Grad(), h.Grad(), y.Grad()}
	for i, name := range []string{"x", "w", "h", "y"} {
		if got[i] != before[i] {
			t.Errorf("%s from Backward after Grad: got %v, want %v", name, got[i], before[i])
		}
	}
}

// TestGradSpecialCases checks the derivatives that Grad does not compute by
// the chain rule, and one with respect to an interior Value.
func TestGradSpecialCases(t *testing.T) {
	type V = autodiff.Value[float64]
	x, c := autodiff.New(3.0), autodiff.Const(2.0)
	sq := x.Mul(x)
	tests := []struct {
		name      string
		y, x      *V
		want      float64
		wantConst bool
	}{
		{"leaf by itself", x, x, 1, true},
		{"op by itself", sq, sq, 1, true},
		{"leaf not below y", c.Exp(), x, 0, true},
		{"constant below y", x.Mul(c), c, 0, true},
		{"only constants feed it", x.Add(c.Exp()), c.Exp(), 0, true},
		{"detached", x.Mul(x.Detach()), x, 3, false},
		{"interior", sq.Add(autodiff.Const(1.0)).Pow(c), sq, 20, false},
		{"y of constants", c.Mul(c), c, 0, true},
		{"sum of leaves", autodiff.Sum(x, x, c), x, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := autodiff.Grad(tt.y, tt.x)[0]
			if got.Data() != tt.want || got.IsConst() != tt.wantConst {
				t.Errorf("got %v (constant %v), want %v (constant %v)",
					got.Data(), got.IsConst(), tt.want, tt.wantConst)
			}
		})
	}
	if d := autodiff.Grad(sq); len(d) != 0 {
		t.Errorf("Grad with no xs: got %d derivatives, want 0", len(d))
	}
	if d := autodiff.Grad(sq, x, x); d[0].Data() != 6 || d[1].Data() != 6 || d[0] == d[1] {
		t.Errorf("x twice: got %v and %v (one Value: %v), want 6 and 6 in two Values",
			d[0].Data(), d[1].Data(), d[0] == d[1])
	}
}

// TestGradNewValues checks that every derivative is a Value of its own, even
// where it equals a Value below y, and still depends on what it should.
func TestGradNewValues(t *testing.T) {
	x, w := autodiff.New(3.0), autodiff.New(-2.0)
	for _, y := range []*autodiff.Value[float64]{
		x.Mul(w),
		autodiff.Dot([]*autodiff.Value[float64]{x}, []*autodiff.Value[float64]{w}),
		x.Mul(w).Add(autodiff.Const(1.0)),
	} {
		d := autodiff.Grad(y, x)[0]
		if d == w || d.Data() != w.Data() {
			t.Errorf("%s: got %v (w itself: %v), want a new Value holding %v",
				y.Op(), d.Data(), d == w, w.Data())
		}
		if dw := autodiff.Grad(d, w)[0].Data(); dw != 1 {
			t.Errorf("%s: d/dw of dy/dx: got %v, want 1", y.Op(), dw)
		}
	}

	// Both inputs of a sum receive the sum's own adjoint.
	a, b := autodiff.New(0.5), autodiff.New(1.0)
	d := autodiff.Grad(a.Add(b).Sin(), a, b)
	if d[0] == d[1] || d[0].Data() != d[1].Data() {
		t.Errorf("inputs of a sum: got %v and %v (one Value: %v), "+
			"want two Values holding the same", d[0].Data(), d[1].Data(), d[0] == d[1])
	}
}

// TestGradInGraph checks that the derivatives of a root in a Graph belong to
// that Graph, and those of a root on the heap to none.
func TestGradInGraph(t *testing.T) {
	g, other := autodiff.NewGraph[float64](), autodiff.NewGraph[float64]()
	x := g.New(2)
	y := x.Mul(autodiff.New(3.0)).Sin().Add(x.Abs())
	n := g.Len()
	for _, d := range autodiff.Grad(y, x, autodiff.New(1.0), autodiff.Const(1.0)) {
		if !mixes(d, g) || mixes(d, other) {
			t.Errorf("derivative %v is not in y's Graph", d)
		}
	}
	if g.Len() == n {
		t.Errorf("Grad made no Values in y's Graph")
	}

	// A Graph's Dot of heap Values is in the Graph, but all below it is not.
	a, w := autodiff.New(0.5), autodiff.New(-2.0)
	y = g.Dot([]*autodiff.Value[float64]{a.Sin(), a}, []*autodiff.Value[float64]{w, w})
	for _, d := range autodiff.Grad(y, a, w) {
		if !mixes(d, g) || mixes(d, other) {
			t.Errorf("derivative %v of a Graph's Dot is not in the Graph", d)
		}
	}

	h := autodiff.New(2.0)
	for _, d := range autodiff.Grad(h.Exp(), h, autodiff.Const(1.0)) {
		if !mixes(d, g) || !mixes(d, other) {
			t.Errorf("derivative %v of a heap root is in a Graph", d)
		}
	}
}

// mixes reports whether an op may take v and a Value of g as its inputs.
func mixes[T constraints.Float](v *autodiff.Value[T], g *autodiff.Graph[T]) (ok bool) {
	defer func() { ok = recover() == nil }()
	v.Add(g.Const(0))
	return
}

// TestGradDeep differentiates twice a chain too deep for recursion.
func TestGradDeep(t *testing.T) {
	n := 300_000
	if testing.Short() || raceEnabled {
		n = 50_000
	}
	g := autodiff.NewGraph[float64]()
	x := g.New(0.5)
	y := x
	for range n {
		y = y.Sin()
	}
	d := autodiff.Grad(y, x)[0]
	y.Backward()
	if d.Data() != x.Grad() {
		t.Errorf("first derivative: got %v, want %v", d.Data(), x.Grad())
	}
	x.ZeroGrad()
	d.Backward()
	if got, want := autodiff.Grad(d, x)[0].Data(), x.Grad(); got != want {
		t.Errorf("second derivative: got %v, want %v", got, want)
	}
}

func BenchmarkGrad(b *testing.B) {
	x := autodiff.New(0.5)
	y := x
	for range 1000 {
		y = y.Mul(y).Tanh().Add(x)
	}
	b.ReportAllocs()
	for b.Loop() {
		autodiff.Grad(y, x)
	}
}
