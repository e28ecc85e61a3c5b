package autodiff_test

import (
	"math"
	"testing"

	"github.com/chainrule/chainrule/autodiff"
)

// TestEdgeConventions holds one row for each convention in the package doc:
// what an op gives, and the gradient its first input receives, where the math
// is undefined or the obvious formula overflows.
func TestEdgeConventions(t *testing.T) {
	type V = autodiff.Value[float64]
	c := autodiff.Const[float64]
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name      string
		x         float64
		f         func(x *V) *V
		value, dx float64
	}{
		{"relu at 0", 0, (*V).ReLU, 0, 0},
		{"relu below 0", -1, (*V).ReLU, 0, 0},
		{"relu of NaN", nan, (*V).ReLU, nan, 1},
		{"relu at -0 gives +0", math.Copysign(0, -1), (*V).ReLU, 0, 0},
		{"relu of -Inf", -inf, (*V).ReLU, 0, 0},
		{"leaky relu at 0", 0, func(x *V) *V { return x.LeakyReLU(0.01) }, 0, 0.01},
		{"abs at 0", 0, (*V).Abs, 0, 0},
		{"log at 0", 0, (*V).Log, -inf, inf},
		{"log below 0", -2, (*V).Log, nan, -0.5},
		{"sqrt at 0", 0, (*V).Sqrt, 0, inf},
		{"pow x^0 at 0", 0, func(x *V) *V { return x.Pow(c(0)) }, 1, 0},
		{"pow negative base, fractional exponent", -2,
			func(x *V) *V { return x.Pow(c(0.5)) }, nan, nan},
		{"pow negative base, integer exponent", -2,
			func(x *V) *V { return x.Pow(c(3)) }, -8, 12},
		{"div by 0", 1, func(x *V) *V { return x.Div(c(0)) }, inf, inf},
		{"tanh at 1e4", 1e4, (*V).Tanh, 1, 0},
		{"tanh at -1e4", -1e4, (*V).Tanh, -1, 0},
		{"sigmoid at 1e4", 1e4, (*V).Sigmoid, 1, 0},
		{"sigmoid at -1e4", -1e4, (*V).Sigmoid, 0, 0},
		{"softplus at 1e4", 1e4, (*V).Softplus, 1e4, 1},
		{"softplus at -1e4", -1e4, (*V).Softplus, 0, 0},
		{"exp overflows only when the value does", 709, (*V).Exp,
			math.Exp(709), math.Exp(709)},
		{"logsumexp at 1e4", 1e4, func(x *V) *V {
			return autodiff.LogSumExp(x, c(1e4))
		}, 1e4 + math.Ln2, 0.5},
		{"logsumexp at -1e4", -1e4, func(x *V) *V {
			return autodiff.LogSumExp(x, c(-1e4))
		}, -1e4 + math.Ln2, 0.5},
		{"max tie splits the gradient", 3, func(x *V) *V { return x.Max(c(3)) }, 3, 0.5},
		{"min tie splits the gradient", 3, func(x *V) *V { return x.Min(c(3)) }, 3, 0.5},
		{"max with NaN", 3, func(x *V) *V { return x.Max(c(nan)) }, nan, 1},
		{"max of NaN", nan, func(x *V) *V { return x.Max(c(3)) }, nan, 1},
		{"min with NaN", 3, func(x *V) *V { return x.Min(c(nan)) }, nan, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := autodiff.New(tt.x)
			y := tt.f(x)
			y.Backward()
			if !same(y.Data(), tt.value) {
				t.Errorf("value: got %v, want %v", y.Data(), tt.value)
			}
			if !same(x.Grad(), tt.dx) {
				t.Errorf("gradient: got %v, want %v", x.Grad(), tt.dx)
			}
		})
	}

	// Pow's exponent, where log(base) is -Inf or NaN.
	powTests := []struct {
		name       string
		base, expo float64
		dExpo      float64
	}{
		{"d/dy of 0^0", 0, 0, 0},
		{"d/dy of 0^2", 0, 2, 0},
		{"d/dy of 2^3", 2, 3, 8 * math.Ln2},
		{"d/dy of (-2)^3", -2, 3, nan},
	}
	for _, tt := range powTests {
		t.Run(tt.name, func(t *testing.T) {
			y := autodiff.New(tt.expo)
			autodiff.Const(tt.base).Pow(y).Backward()
			if !same(y.Grad(), tt.dExpo) {
				t.Errorf("gradient: got %v, want %v", y.Grad(), tt.dExpo)
			}
		})
	}
}

// same reports whether a and b are equal to 1e-12, or both NaN; a zero must
// have b's sign.
func same(a, b float64) bool {
	if a == 0 && b == 0 {
		return math.Signbit(a) == math.Signbit(b)
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= 1e-12*max(1, math.Abs(b))
}

// TestLargeInputsFloat32 checks that the ops built on exponentials stay finite
// and exact in float32 too, where e^x overflows already past 88.
func TestLargeInputsFloat32(t *testing.T) {
	type V = autodiff.Value[float32]
	tests := []struct {
		name      string
		x         float32
		f         func(x *V) *V
		value, dx float32
	}{
		{"tanh", 1e4, (*V).Tanh, 1, 0},
		{"sigmoid", -1e4, (*V).Sigmoid, 0, 0},
		{"sigmoid", 1e4, (*V).Sigmoid, 1, 0},
		{"softplus", 1e4, (*V).Softplus, 1e4, 1},
		{"logsumexp", 1e4, func(x *V) *V {
			return autodiff.LogSumExp(x, autodiff.Const[float32](-1e4))
		}, 1e4, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := autodiff.New(tt.x)
			y := tt.f(x)
			y.Backward()
			if y.Data() != tt.value || x.Grad() != tt.dx {
				t.Errorf("at %v: got value %v, gradient %v; want %v, %v",
					tt.x, y.Data(), x.Grad(), tt.value, tt.dx)
			}
		})
	}
}
