package autodiff_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// hessianCase is a function of a few Values with its Hessian by hand.
type hessianCase[T constraints.Float] struct {
	name string
	f    func(x []*autodiff.Value[T]) *autodiff.Value[T]
	want func(x []float64) [][]float64
	at   [][]float64
}

func hessianCases[T constraints.Float]() []hessianCase[T] {
	type V = autodiff.Value[T]
	c := autodiff.Const[T]
	return []hessianCase[T]{
		{"Rosenbrock (1-x)² + 100(y-x²)²", func(x []*V) *V {
			a, b := c(1).Sub(x[0]), x[1].Sub(x[0].Mul(x[0]))
			return a.Mul(a).Add(c(100).Mul(b).Mul(b))
		}, func(x []float64) [][]float64 {
			return [][]float64{
				{2 - 400*(x[1]-x[0]*x[0]) + 800*x[0]*x[0], -400 * x[0]},
				{-400 * x[0], 200},
			}
		}, [][]float64{{0.5, 0.5}, {-1.2, 1}}},
		{"xyz + e^x sin y", func(x []*V) *V {
			return x[0].Mul(x[1]).Mul(x[2]).Add(x[0].Exp().Mul(x[1].Sin()))
		}, func(x []float64) [][]float64 {
			ex, s, co := math.Exp(x[0]), math.Sin(x[1]), math.Cos(x[1])
			return [][]float64{
				{ex * s, x[2] + ex*co, x[1]},
				{x[2] + ex*co, -ex * s, x[0]},
				{x[1], x[0], 0},
			}
		}, [][]float64{{0.3, -0.8, 1.1}}},
		{"LogSumExp: diag(p) - p pᵀ", func(x []*V) *V {
			return autodiff.LogSumExp(x...)
		}, func(x []float64) [][]float64 {
			p := make([]float64, len(x))
			s := 0.0
			for i, xi := range x {
				p[i] = math.Exp(xi)
				s += p[i]
			}
			h := make([][]float64, len(x))
			for i := range h {
				h[i] = make([]float64, len(x))
				for j := range h[i] {
					h[i][j] = -p[i] / s * p[j] / s
				}
				h[i][i] += p[i] / s
			}
			return h
		}, [][]float64{{0.2, -1, 1.5}}},
		{"x/y + y^x", func(x []*V) *V {
			return x[0].Div(x[1]).Add(x[1].Pow(x[0]))
		}, func(x []float64) [][]float64 {
			a, b := x[0], x[1]
			l, p := math.Log(b), math.Pow(b, a)
			ab := 1/(b*b)*-1 + p/b*(1+a*l)
			return [][]float64{
				{p * l * l, ab},
				{ab, 2*a/(b*b*b) + a*(a-1)*p/(b*b)},
			}
		}, [][]float64{{0.7, 1.8}, {-1.5, 0.6}}},
	}
}

func TestHessian(t *testing.T) {
	t.Run("float64", testHessian[float64])
	t.Run("float32", testHessian[float32])
}

// testHessian checks Hessian against each case's formula, and against
// finite differences of the first derivatives that Grad computes.
func testHessian[T constraints.Float](t *testing.T) {
	rel, fdRel := 1e-13, 1e-7
	if isFloat32[T]() {
		rel, fdRel = 1e-5, 2e-3
	}
	for _, c := range hessianCases[T]() {
		for _, at := range c.at {
			t.Run(fmt.Sprint(c.name, at), func(t *testing.T) {
				x := leavesAt[T](at)
				h := autodiff.Hessian(c.f(x), x...)
				want, fd := c.want(at), gradDifferences(c.f, at, nil)
				scale := 1.0
				for _, row := range want {
					for _, w := range row {
						scale = max(scale, math.Abs(w))
					}
				}
				for i := range h {
					for j := range h[i] {
						got := float64(h[i][j].Data())
						if math.Abs(got-want[i][j]) > rel*scale {
							t.Errorf("H[%d][%d]: got %v, want %v", i, j, got, want[i][j])
						}
						if math.Abs(got-fd[i][j]) > fdRel*scale {
							t.Errorf("H[%d][%d]: got %v, finite differences give %v",
								i, j, got, fd[i][j])
						}
					}
				}
			})
		}
	}
}

func TestHessianVector(t *testing.T) {
	t.Run("float64", testHessianVector[float64])
	t.Run("float32", testHessianVector[float32])
}

// testHessianVector checks HessianVector against the product of the
// Hessian with v, and against finite differences of Grad along v; v is made
// of constants, or of Values computed from x.
func testHessianVector[T constraints.Float](t *testing.T) {
	type V = autodiff.Value[T]
	rel, fdRel := 1e-13, 1e-7
	if isFloat32[T]() {
		rel, fdRel = 1e-5, 2e-3
	}
	for _, c := range hessianCases[T]() {
		at := c.at[0]
		dir := make([]float64, len(at))
		for i := range dir {
			dir[i] = math.Cos(float64(3*i + 1))
		}
		for _, vFrom := range []string{"constants", "x"} {
			t.Run(c.name+"/v from "+vFrom, func(t *testing.T) {
				x := leavesAt[T](at)
				v := make([]*V, len(x))
				for i := range v {
					v[i] = autodiff.Const(T(dir[i]))
					if vFrom == "x" {
						v[i] = x[i].Mul(autodiff.Const[T](0)).Add(v[i]) // x·0 + dir
					}
				}
				y := c.f(x)
				hv := autodiff.HessianVector(y, x, v)
				h := autodiff.Hessian(y, x...)
				fd := gradDifferences(c.f, at, dir)[0]
				for i := range hv {
					want, scale := 0.0, 1.0
					for j := range h[i] {
						want += float64(h[i][j].Data()) * dir[j]
						scale = max(scale, math.Abs(float64(h[i][j].Data())))
					}
					got := float64(hv[i].Data())
					if math.Abs(got-want) > rel*scale {
						t.Errorf("(Hv)[%d]: got %v, H times v gives %v", i, got, want)
					}
					if math.Abs(got-fd[i]) > fdRel*scale {
						t.Errorf("(Hv)[%d]: got %v, finite differences give %v",
							i, got, fd[i])
					}
				}
			})
		}
	}
}

func TestHessianVectorPanics(t *testing.T) {
	x := autodiff.New(1.0)
	defer func() {
		msg, _ := recover().(string)
		if !strings.HasPrefix(msg, "autodiff: ") {
			t.Errorf("got panic %q, want one starting autodiff: ", msg)
		}
	}()
	autodiff.HessianVector(x.Mul(x), []*autodiff.Value[float64]{x}, nil)
}

func TestHessianEdgeCases(t *testing.T) {
	x := autodiff.New(2.0)
	if h := autodiff.Hessian(x.Exp()); len(h) != 0 {
		t.Errorf("Hessian with no xs: got %d rows, want 0", len(h))
	}
	if hv := autodiff.HessianVector(x.Exp(), nil, nil); len(hv) != 0 {
		t.Errorf("HessianVector with no xs: got %d entries, want 0", len(hv))
	}
	// Linear in x: every second derivative is a constant 0.
	h := autodiff.Hessian(x.Mul(autodiff.Const(3.0)), x)
	if h[0][0].Data() != 0 || !h[0][0].IsConst() {
		t.Errorf("Hessian of 3x: got %v (constant %v), want constant 0",
			h[0][0].Data(), h[0][0].IsConst())
	}
}

// gradDifferences returns the derivatives of the first derivatives that Grad
// gives for f at x, by central differences in T with one Richardson step:
// the matrix whose entry [i][j] is the derivative of df/dx_i with respect to
// x_j, or, if dir is not nil, one row of the derivatives of each df/dx_i
// along dir.
func gradDifferences[T constraints.Float](f func(x []*autodiff.Value[T]) *autodiff.Value[T],
	x, dir []float64) [][]float64 {
	grad := func(at []float64) []float64 {
		xs := leavesAt[T](at)
		d := autodiff.Grad(f(xs), xs...)
		out := make([]float64, len(d))
		for i, di := range d {
			out[i] = float64(di.Data())
		}
		return out
	}
	h := 1e-3
	if isFloat32[T]() {
		h = 3e-2
	}
	diff := func(step []float64) []float64 {
		quotient := func(h float64) []float64 {
			up, down := make([]float64, len(x)), make([]float64, len(x))
			for i := range x {
				up[i], down[i] = x[i]+h*step[i], x[i]-h*step[i]
			}
			gu, gd := grad(up), grad(down)
			for i := range gu {
				gu[i] = (gu[i] - gd[i]) / (2 * h)
			}
			return gu
		}
		coarse, fine := quotient(h), quotient(h/2)
		for i := range fine {
			fine[i] = (4*fine[i] - coarse[i]) / 3
		}
		return fine
	}
	if dir != nil {
		return [][]float64{diff(dir)}
	}
	rows := make([][]float64, len(x))
	for j := range x {
		axis := make([]float64, len(x))
		axis[j] = 1
		rows[j] = diff(axis)
	}
	return transpose(rows)
}

// transpose returns m with rows and columns swapped.
func transpose(m [][]float64) [][]float64 {
	t := make([][]float64, len(m[0]))
	for i := range t {
		t[i] = make([]float64, len(m))
		for j := range m {
			t[i][j] = m[j][i]
		}
	}
	return t
}
