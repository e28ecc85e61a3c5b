package autodiff_test

import (
	"math"
	"testing"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// expr decodes program into a function of three inputs, a tree of smooth ops:
// each byte pushes an input or applies an op to the Values on top of a stack.
// Ops whose domain is limited get inputs mapped into it (Log of 1 + a²), so
// that every tree is defined and smooth everywhere and finite differences
// must agree with Backward. Kinks are covered by TestOps and the edge table.
func expr[T constraints.Float](program []byte) func(x []*autodiff.Value[T]) *autodiff.Value[T] {
	return func(x []*autodiff.Value[T]) *autodiff.Value[T] {
		type V = autodiff.Value[T]
		one := autodiff.Const[T](1)
		stack := []*V{x[0]}
		pop := func() *V {
			if len(stack) == 1 {
				return stack[0]
			}
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			return v
		}
		for _, b := range program {
			var v *V
			switch arg := int(b >> 5); b & 31 {
			case 0, 1, 2:
				v = x[int(b)%3]
			case 3:
				v = pop().Add(pop())
			case 4:
				v = pop().Sub(pop())
			case 5:
				v = pop().Mul(pop()).Tanh()
			case 6:
				a, b := pop(), pop()
				v = a.Div(one.Add(b.Mul(b)))
			case 7:
				v = pop().Sin()
			case 8:
				v = pop().Cos()
			case 9:
				v = pop().Sigmoid()
			case 10:
				v = pop().Softplus()
			case 11:
				v = pop().Tanh().Exp()
			case 12:
				a := pop()
				v = one.Add(a.Mul(a)).Log()
			case 13:
				a := pop()
				v = one.Add(a.Mul(a)).Sqrt()
			case 14:
				v = autodiff.Sum(pop(), pop(), pop())
			case 15:
				a, b, c, d := pop(), pop(), pop(), pop()
				v = autodiff.Dot([]*V{a, b}, []*V{c, d}).Tanh()
			case 16:
				v = autodiff.LogSumExp(pop(), pop(), pop())
			case 17:
				// A positive base to a constant power from -2.5 to 4.5.
				base := pop().Softplus().Add(autodiff.Const[T](0.5))
				v = base.Pow(autodiff.Const(T(arg) - 2.5))
			case 18:
				v = pop().Softplus().Add(one).Pow(pop().Tanh())
			case 19:
				v = pop().Neg()
			case 20:
				a, b, c, d, e := pop(), pop(), pop(), pop(), pop()
				v = autodiff.Affine([]*V{a, b}, []*V{c, d}, e).Tanh()
			default:
				continue
			}
			stack = append(stack, v)
		}
		return autodiff.Sum(stack...)
	}
}

var fuzzSeeds = [][]byte{
	{0, 1, 3},
	{0, 1, 2, 5, 6, 7},
	{1, 2, 3, 8, 9, 10, 11},
	{0, 12, 1, 13, 2, 14},
	{0, 1, 2, 0, 15, 16},
	{0, 17, 1, 49, 2, 113, 3},
	{0, 1, 18, 19, 4},
	{2, 2, 5, 0, 0, 5, 1, 3, 6, 7, 8, 9},
	{0, 1, 2, 14, 11, 12, 13, 17, 16, 18, 19, 15},
}

func FuzzRandomExpressions(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, uint8(40+40*i), uint8(200-30*i), uint8(128))
	}
	f.Fuzz(func(t *testing.T, program []byte, a, b, c uint8) {
		if len(program) > 40 {
			program = program[:40]
		}
		at := []float64{float64(a)/64 - 2, float64(b)/64 - 2, float64(c)/64 - 2}
		if !checkable(expr[float64](program), at, 50) {
			return
		}
		// A tree can bend so sharply that the default step is too coarse; a
		// true error persists at a tenth of it.
		err := autodiff.CheckGradient(expr[float64](program), at, autodiff.Tolerance{})
		if err != nil {
			fine := autodiff.Tolerance{Step: 6e-7}
			err = autodiff.CheckGradient(expr[float64](program), at, fine)
		}
		if err != nil {
			t.Errorf("program %v at %v in float64: %v", program, at, err)
		}

		// float32 needs a coarser step, and its rounding of large
		// intermediates, such as the argument of a Sin, is noise in the
		// difference quotient. Where the tree bends too sharply for that step
		// even in float64, finite differences cannot judge.
		coarse := autodiff.Tolerance{Step: 4e-3}
		if !checkable(expr[float64](program), at, 20) ||
			autodiff.CheckGradient(expr[float64](program), at, coarse) != nil {
			return
		}
		at32 := []float32{float32(at[0]), float32(at[1]), float32(at[2])}
		if err := autodiff.CheckGradient(expr[float32](program), at32,
			autodiff.Tolerance{}); err != nil {
			t.Errorf("program %v at %v in float32: %v", program, at, err)
		}
	})
}

// checkable reports whether every Value's data and gradient in f's graph at x
// is within bound, small enough for the rounding of finite differences, and
// of gradients summed from many paths, to be told from the true gradient.
func checkable(f func(x []*autodiff.Value[float64]) *autodiff.Value[float64],
	x []float64, bound float64) bool {
	leaves := make([]*autodiff.Value[float64], len(x))
	for i, xi := range x {
		leaves[i] = autodiff.New(xi)
	}
	y := f(leaves)
	y.Backward()
	seen := map[*autodiff.Value[float64]]bool{}
	for stack := []*autodiff.Value[float64]{y}; len(stack) > 0; {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[v] {
			continue
		}
		seen[v] = true
		stack = append(stack, v.Inputs()...)
		if math.Abs(v.Grad()) > bound || math.Abs(v.Data()) > bound {
			return false
		}
	}
	return true
}
