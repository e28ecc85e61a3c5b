package autodiff

import "math"

// Add returns v + w.
func (v *Value[T]) Add(w *Value[T]) *Value[T] {
	return binary(opAdd, v.data+w.data, v, w)
}

// Sub returns v - w.
func (v *Value[T]) Sub(w *Value[T]) *Value[T] {
	return binary(opSub, v.data-w.data, v, w)
}

// Mul returns v * w.
func (v *Value[T]) Mul(w *Value[T]) *Value[T] {
	return binary(opMul, v.data*w.data, v, w)
}

// Div returns v / w. Division by zero follows IEEE 754: ±Inf, or NaN for 0/0.
func (v *Value[T]) Div(w *Value[T]) *Value[T] {
	return binary(opDiv, v.data/w.data, v, w)
}

// Pow returns v raised to the power w, as [math.Pow] computes it. The exponent
// may be a constant or a differentiable Value. A negative base with a
// non-integer exponent gives NaN; the derivative of x^0 is 0 even at x = 0.
func (v *Value[T]) Pow(w *Value[T]) *Value[T] {
	return binary(opPow, pow(v.data, w.data), v, w)
}

// Neg returns -v.
func (v *Value[T]) Neg() *Value[T] {
	return unary(opNeg, -v.data, v)
}

// Max returns the larger of v and w, or NaN if either is NaN. Where v and w
// are equal, each receives half of the gradient, as PyTorch's maximum does.
func (v *Value[T]) Max(w *Value[T]) *Value[T] {
	return binary(opMax, maxNaN(v.data, w.data), v, w)
}

// Min returns the smaller of v and w, or NaN if either is NaN. Where v and w
// are equal, each receives half of the gradient, as PyTorch's minimum does.
func (v *Value[T]) Min(w *Value[T]) *Value[T] {
	return binary(opMin, -maxNaN(-v.data, -w.data), v, w)
}

// pow computes x^y in float64, with x*x for the common square.
func pow[T float](x, y T) T {
	if y == 2 {
		return x * x
	}
	return T(math.Pow(float64(x), float64(y)))
}

// maxNaN returns the larger of x and y, or NaN if either is NaN.
func maxNaN[T float](x, y T) T {
	switch {
	case x != x || x > y:
		return x
	}
	return y
}
