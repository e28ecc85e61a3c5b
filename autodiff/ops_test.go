package autodiff_test

import (
	"fmt"
	"math"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// opCase is one op applied to its inputs, with the value it should have
// computed by the math package, and points at which to check it. The points
// keep away from kinks, where finite differences mean nothing.
type opCase[T constraints.Float] struct {
	name string
	f    func(x []*autodiff.Value[T]) *autodiff.Value[T]
	want func(x []float64) float64
	at   [][]float64
}

func opCases[T constraints.Float]() []opCase[T] {
	type V = autodiff.Value[T]
	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	return []opCase[T]{
		{"Add", func(x []*V) *V { return x[0].Add(x[1]) },
			func(x []float64) float64 { return x[0] + x[1] }, [][]float64{{1, 2}, {-3, 0.5}}},
		{"Sub", func(x []*V) *V { return x[0].Sub(x[1]) },
			func(x []float64) float64 { return x[0] - x[1] }, [][]float64{{1, 2}, {-3, 0.5}}},
		{"Mul", func(x []*V) *V { return x[0].Mul(x[1]) },
			func(x []float64) float64 { return x[0] * x[1] }, [][]float64{{1.5, 2}, {-3, 0.5}}},
		{"Div", func(x []*V) *V { return x[0].Div(x[1]) },
			func(x []float64) float64 { return x[0] / x[1] }, [][]float64{{1, 2}, {-3, 0.7}}},
		{"Pow", func(x []*V) *V { return x[0].Pow(x[1]) },
			func(x []float64) float64 { return math.Pow(x[0], x[1]) },
			[][]float64{{1.5, 2}, {2, -1.5}, {0.7, 3.3}}},
		{"PowConstExponent", func(x []*V) *V { return x[0].Pow(autodiff.Const[T](3)) },
			func(x []float64) float64 { return x[0] * x[0] * x[0] }, [][]float64{{-1.5}, {2}}},
		{"Neg", func(x []*V) *V { return x[0].Neg() },
			func(x []float64) float64 { return -x[0] }, [][]float64{{1.5}, {-2}}},
		{"Exp", func(x []*V) *V { return x[0].Exp() },
			func(x []float64) float64 { return math.Exp(x[0]) }, [][]float64{{0.5}, {-2}}},
		{"Log", func(x []*V) *V { return x[0].Log() },
			func(x []float64) float64 { return math.Log(x[0]) }, [][]float64{{0.5}, {3}}},
		{"Sqrt", func(x []*V) *V { return x[0].Sqrt() },
			func(x []float64) float64 { return math.Sqrt(x[0]) }, [][]float64{{0.5}, {3}}},
		{"Abs", func(x []*V) *V { return x[0].Abs() },
			func(x []float64) float64 { return math.Abs(x[0]) }, [][]float64{{0.5}, {-3}}},
		{"Sin", func(x []*V) *V { return x[0].Sin() },
			func(x []float64) float64 { return math.Sin(x[0]) }, [][]float64{{0.5}, {-3}}},
		{"Cos", func(x []*V) *V { return x[0].Cos() },
			func(x []float64) float64 { return math.Cos(x[0]) }, [][]float64{{0.5}, {-3}}},
		{"Tanh", func(x []*V) *V { return x[0].Tanh() },
			func(x []float64) float64 { return math.Tanh(x[0]) }, [][]float64{{0.5}, {-1.2}}},
		{"Sigmoid", func(x []*V) *V { return x[0].Sigmoid() },
			func(x []float64) float64 { return sigmoid(x[0]) }, [][]float64{{0.5}, {-1.2}}},
		{"Softplus", func(x []*V) *V { return x[0].Softplus() },
			func(x []float64) float64 { return math.Log(1 + math.Exp(x[0])) },
			[][]float64{{0.5}, {-1.2}}},
		{"ReLU", func(x []*V) *V { return x[0].ReLU() },
			func(x []float64) float64 { return max(x[0], 0) }, [][]float64{{0.5}, {-1.2}}},
		{"LeakyReLU", func(x []*V) *V { return x[0].LeakyReLU(0.1) },
			func(x []float64) float64 { return max(x[0], 0.1*x[0]) }, [][]float64{{0.5}, {-1.2}}},
		{"Max", func(x []*V) *V { return x[0].Max(x[1]) },
			func(x []float64) float64 { return max(x[0], x[1]) }, [][]float64{{1, 2}, {3, -1}}},
		{"Min", func(x []*V) *V { return x[0].Min(x[1]) },
			func(x []float64) float64 { return min(x[0], x[1]) }, [][]float64{{1, 2}, {3, -1}}},
		{"Sum", func(x []*V) *V { return autodiff.Sum(x...) },
			func(x []float64) float64 { return x[0] + x[1] + x[2] }, [][]float64{{1, -2, 0.5}}},
		{"Dot", func(x []*V) *V { return autodiff.Dot(x[:2], x[2:]) },
			func(x []float64) float64 { return x[0]*x[2] + x[1]*x[3] },
			[][]float64{{1, -2, 0.5, 3}}},
		{"Affine", func(x []*V) *V { return autodiff.Affine(x[:1], x[1:2], x[2]) },
			func(x []float64) float64 { return x[0]*x[1] + x[2] },
			[][]float64{{1, -2, 0.5}, {0.3, 3, -0.25}}},
		{"AffineSharedInput", func(x []*V) *V { return autodiff.Affine(x[:2], x[:2], x[0]) },
			func(x []float64) float64 { return x[0]*x[0] + x[1]*x[1] + x[0] },
			[][]float64{{1.5, -2}}},
		{"LogSumExp", func(x []*V) *V { return autodiff.LogSumExp(x...) },
			func(x []float64) float64 {
				return math.Log(math.Exp(x[0]) + math.Exp(x[1]) + math.Exp(x[2]))
			}, [][]float64{{1, -2, 0.5}}},
	}
}

func TestOps(t *testing.T) {
	t.Run("float64", testOps[float64])
	t.Run("float32", testOps[float32])
}

// testOps checks each op's value against the math package and its gradient
// against finite differences.
func testOps[T constraints.Float](t *testing.T) {
	relTol := 1e-15
	if isFloat32[T]() {
		relTol = 1e-6
	}
	for _, c := range opCases[T]() {
		for _, at := range c.at {
			t.Run(fmt.Sprint(c.name, at), func(t *testing.T) {
				x := make([]*autodiff.Value[T], len(at))
				for i, a := range at {
					x[i] = autodiff.New(T(a))
				}
				got, want := float64(c.f(x).Data()), c.want(at)
				if math.Abs(got-want) > relTol*max(1, math.Abs(want)) {
					t.Errorf("value: got %v, want %v", got, want)
				}
				xs := make([]T, len(at))
				for i, a := range at {
					xs[i] = T(a)
				}
				if err := autodiff.CheckGradient(c.f, xs, autodiff.Tolerance{}); err != nil {
					t.Error(err)
				}
			})
		}
	}
}

func isFloat32[T constraints.Float]() bool { return T(1)+T(1e-10) == 1 }
