package autodiff

import "math"

// Exp returns e^v.
func (v *Value[T]) Exp() *Value[T] {
	return unary(opExp, T(math.Exp(float64(v.data))), v)
}

// Log returns the natural logarithm of v: -Inf at 0 (with gradient +Inf) and
// NaN below 0.
func (v *Value[T]) Log() *Value[T] {
	return unary(opLog, T(math.Log(float64(v.data))), v)
}

// Sqrt returns the square root of v: NaN below 0, and gradient +Inf at 0.
func (v *Value[T]) Sqrt() *Value[T] {
	return unary(opSqrt, T(math.Sqrt(float64(v.data))), v)
}

// Abs returns |v|. Its derivative is the sign of v, and 0 at 0.
func (v *Value[T]) Abs() *Value[T] {
	return unary(opAbs, T(math.Abs(float64(v.data))), v)
}

// Sin returns the sine of v, in radians.
func (v *Value[T]) Sin() *Value[T] {
	return unary(opSin, T(math.Sin(float64(v.data))), v)
}

// Cos returns the cosine of v, in radians.
func (v *Value[T]) Cos() *Value[T] {
	return unary(opCos, T(math.Cos(float64(v.data))), v)
}

// Tanh returns the hyperbolic tangent of v. It is exact to ±1 for large |v|.
func (v *Value[T]) Tanh() *Value[T] {
	return unary(opTanh, T(math.Tanh(float64(v.data))), v)
}

// Sigmoid returns 1 / (1 + e^-v), computed so that it neither overflows nor
// loses its gradient for any finite v.
func (v *Value[T]) Sigmoid() *Value[T] {
	return unary(opSigmoid, sigmoid(v.data), v)
}

// Softplus returns log(1 + e^v), computed so that it neither overflows nor
// rounds to zero while the true value is finite. Its derivative is Sigmoid.
func (v *Value[T]) Softplus() *Value[T] {
	x := float64(v.data)
	return unary(opSoftplus, T(max(x, 0)+math.Log1p(math.Exp(-math.Abs(x)))), v)
}

// ReLU returns v if v > 0, NaN if v is NaN, and 0 otherwise. Its derivative at
// 0 is 0.
func (v *Value[T]) ReLU() *Value[T] {
	g := v.graph() // as unary does, one call less for the hottest unary op
	return g.node(opReLU, relu(v.data, 0), v, nil, g.shared(), v.needsGrad)
}

// LeakyReLU returns v if v > 0 and slope * v otherwise, NaN if v is NaN. Its
// derivative at 0 is slope. The slope becomes a constant input of the op.
func (v *Value[T]) LeakyReLU(slope T) *Value[T] {
	return binary(opLeakyReLU, relu(v.data, slope), v, v.graph().Const(slope))
}

// sigmoid computes 1 / (1 + e^-x) without overflow.
func sigmoid[T float](x T) T {
	if x >= 0 {
		return T(1 / (1 + math.Exp(-float64(x))))
	}
	e := math.Exp(float64(x))
	return T(e / (1 + e))
}

// relu returns x if x > 0 or x is NaN, and slope * x otherwise, with +0
// rather than -0 for a slope of 0.
func relu[T float](x, slope T) T {
	switch {
	case slope == 0:
		return max(x, 0) // without a branch, as step explains; max(-0, 0) is +0
	case x > 0 || x != x:
		return x
	}
	return slope * x
}
