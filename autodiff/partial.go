package autodiff

import (
	"math"

	"golang.org/x/exp/constraints"
)

// float is the set of types a Value can hold, for helpers on plain numbers.
type float interface{ constraints.Float }

// partial returns the local derivative of v with respect to its input number
// i at the current data: the factor by which Backward multiplies v's gradient
// before adding it to that input's. This is the one place that states how
// each op differentiates.
func partial[T float](v *Value[T], i int) T {
	switch v.op {
	case opAdd, opSum:
		return 1
	case opSub:
		return 1 - 2*T(i) // 1 for the minuend, -1 for the subtrahend
	case opMul:
		return v.other(i).data
	case opDiv:
		if i == 0 {
			return 1 / v.b.data
		}
		return -v.data / v.b.data // d(a/b)/db = -a/b² = -(a/b)/b
	case opPow:
		return powPartial(v, i)
	case opNeg:
		return -1
	case opExp:
		return v.data
	case opLog:
		return 1 / v.a.data
	case opSqrt:
		return 1 / (2 * v.data)
	case opAbs:
		return sign(v.a.data)
	case opSin:
		return T(math.Cos(float64(v.a.data)))
	case opCos:
		return -T(math.Sin(float64(v.a.data)))
	case opTanh:
		return 1 - v.data*v.data
	case opSigmoid:
		return v.data * (1 - v.data)
	case opSoftplus:
		return sigmoid(v.a.data)
	case opReLU:
		return step(v.a.data, 0)
	case opLeakyReLU:
		if i == 1 && v.a.data <= 0 {
			return v.a.data // d(slope·x)/d(slope)
		} else if i == 1 {
			return 0
		}
		return step(v.a.data, v.b.data)
	case opMax:
		return pick(v.input(i).data, v.other(i).data)
	case opMin:
		return pick(-v.input(i).data, -v.other(i).data)
	case opDot:
		return v.other(i).data
	case opAffine:
		if i == 2*len(v.ext.inputs) {
			return 1 // the bias
		}
		return v.other(i).data
	case opLogSumExp:
		return T(math.Exp(float64(v.ext.inputs[i].data) - float64(v.data)))
	}
	panic("autodiff: no derivative for op " + v.op.String())
}

// other returns the input that input number i is multiplied with: the other
// operand of a product, or the matching element of the other vector of a Dot.
func (v *Value[T]) other(i int) *Value[T] {
	if v.pairs() {
		n := len(v.ext.inputs)
		if i < n {
			return v.ext.second[i]
		}
		return v.ext.inputs[i-n]
	}
	return v.input(1 - i)
}

// powPartial returns the derivative of v = a^b with respect to a (i = 0) or
// b (i = 1). Following PyTorch, d/da is 0 where b = 0, even at a = 0, and
// d/db is 0 where a = 0 and b >= 0, where log(a) would give NaN.
func powPartial[T float](v *Value[T], i int) T {
	a, b := v.a.data, v.b.data
	if i == 0 {
		if b == 0 {
			return 0
		}
		return b * pow(a, b-1)
	}
	if a == 0 && b >= 0 {
		return 0
	}
	return v.data * T(math.Log(float64(a)))
}

// step returns 1 if x > 0 or x is NaN, and below otherwise (+0 for a below
// of -0): the derivative of ReLU (below = 0) and of LeakyReLU (below =
// slope) at x. At NaN it passes the
// gradient through, as PyTorch's threshold backward does.
func step[T float](x, below T) T {
	// A ReLU's input is as often above 0 as below, so a branch on it would
	// be mispredicted half the time; the compiler sets an integer without
	// one.
	above := 0
	if !(x <= 0) {
		above = 1
	}
	if below == 0 {
		return T(above)
	}
	if above == 1 {
		return 1
	}
	return below
}

// pick returns the derivative of max(x, y) with respect to x: 1 where x is
// larger, 0 where it is smaller, 1/2 at a tie. Where x or y is NaN it is 1.
func pick[T float](x, y T) T {
	switch {
	case x == y:
		return 0.5
	case x < y:
		return 0
	}
	return 1
}

// sign returns -1, 0 or 1 as x is negative, zero or positive, and NaN for NaN.
func sign[T float](x T) T {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	case x == 0:
		return 0
	}
	return x
}
