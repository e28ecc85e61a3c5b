package autodiff

import (
	"fmt"

	"golang.org/x/exp/constraints"
)

// Value is one scalar of a computation: its data, its gradient, the op that
// made it and that op's inputs in order. Leaves come from [New] (they receive
// a gradient) and [Const] (they never do); every op returns a new Value whose
// inputs are the operands, so a root Value is the whole graph below it.
//
// A Value takes 48 bytes for float64 and 40 for float32. [Sum], [LogSumExp],
// [Dot] and [Affine] add a header of 88 bytes, and so does a label; Sum and
// LogSumExp also add one pointer per input, while Dot and Affine keep the
// slices they are given.
//
// A Value is not safe for concurrent use, and neither is any graph it is part
// of. Separate graphs, sharing no Value made by [New], may be used on
// separate goroutines at once.
type Value[T constraints.Float] struct {
	data, grad T

	// a and b are the inputs of unary and binary ops; b is nil for unary
	// ones. Ops with more inputs keep them in ext instead, except for an
	// Affine's bias, which is a.
	a, b *Value[T]

	// ext holds what few Values need, and the Graph whose memory holds this
	// Value: every Value of a Graph has one, shared by all of them that need
	// nothing else, and a Value on the heap has one only if it needs more.
	ext *extra[T]

	op op

	// needsGrad says whether a Value made by New lies below this one, so
	// that Backward can skip constants and everything only they feed.
	needsGrad bool

	// inGraph says that a Graph's memory holds this Value, and so that
	// ext.g is that Graph: ops check their inputs' Graphs without reading
	// ext.
	inGraph bool

	// leafFirst says, of a Dot or an Affine, that every Value of its first
	// vector is a leaf made by [New] or [Graph.New], as a neuron's weights
	// are, so that Backward adds to their gradients without looking at
	// them first.
	leafFirst bool

	// pending counts, during Backward, the consumers of this Value whose
	// gradient has not been swept yet. It is zero outside Backward.
	pending uint32
}

// extra holds what few Values need, so that the common node stays small.
type extra[T constraints.Float] struct {
	g     *Graph[T] // nil on the heap; ops place their result in their inputs' Graph
	label string
	site  string // file:line of the op's call, under anomaly detection

	// inputs holds the inputs of a Sum or a LogSumExp, and the first
	// vector of a Dot or an Affine, whose second is in second.
	inputs, second []*Value[T]
}

var _ fmt.Stringer = (*Value[float64])(nil)

// New returns a leaf holding x that receives a gradient from [Value.Backward].
// Its gradient accumulates across calls of Backward until [Value.ZeroGrad].
func New[T constraints.Float](x T) *Value[T] {
	return &Value[T]{data: x, op: opLeaf, needsGrad: true}
}

// Const returns a leaf holding x that never receives a gradient. Backward does
// no work for it, nor for any Value that only constants feed.
func Const[T constraints.Float](x T) *Value[T] {
	return &Value[T]{data: x, op: opConst}
}

// Data returns the value computed for v.
func (v *Value[T]) Data() T { return v.data }

// Grad returns the derivative of the root of the last [Value.Backward] with
// respect to v. It is zero for constants and before any Backward.
func (v *Value[T]) Grad() T { return v.grad }

// SetData replaces v's data. Values computed from v are not recomputed: build
// the graph again, as a training loop does each step.
func (v *Value[T]) SetData(x T) { v.data = x }

// SetGrad replaces v's gradient, for gradients computed elsewhere, such as
// on copies of a model on other goroutines, and added up by hand.
func (v *Value[T]) SetGrad(x T) { v.grad = x }

// ZeroGrad sets v's gradient to zero. Leaves need it between training steps,
// since their gradients accumulate.
func (v *Value[T]) ZeroGrad() { v.grad = 0 }

// Named sets v's label, shown by String and in drawings of the graph, and
// returns v so that it can be chained: autodiff.New(2.0).Named("x").
func (v *Value[T]) Named(label string) *Value[T] {
	v.ownExtra().label = label
	return v
}

// ownExtra returns v's extra, first giving v one of its own if it has none
// or shares its Graph's.
func (v *Value[T]) ownExtra() *extra[T] {
	g := v.graph()
	if v.ext == nil || g != nil && v.ext == &g.common {
		v.ext = g.allocExtra(nil, nil)
	}
	return v.ext
}

// graph returns the Graph whose memory holds v, or nil.
func (v *Value[T]) graph() *Graph[T] {
	if !v.inGraph {
		return nil
	}
	return v.ext.g
}

// nary reports whether v's op keeps its inputs in ext.
func (v *Value[T]) nary() bool { return v.op >= opSum }

// pairs reports whether v's op is a Dot or an Affine, whose inputs are the
// Values of ext.inputs, then those of ext.second, then an Affine's bias a.
func (v *Value[T]) pairs() bool { return v.op == opDot || v.op == opAffine }

// Label returns the label given by [Value.Named], or "".
func (v *Value[T]) Label() string {
	if v.ext == nil {
		return ""
	}
	return v.ext.label
}

// Op returns the name of the op that made v, such as "+" or "tanh", or "" for a
// leaf made by [New] or [Const].
func (v *Value[T]) Op() string { return v.op.String() }

// Graph returns the Graph whose memory holds v, or nil if v lives on the
// heap, made by [New], [Const] or an op on heap Values only.
func (v *Value[T]) Graph() *Graph[T] { return v.graph() }

// IsConst reports whether v is a leaf made by [Const] or [Graph.Const].
func (v *Value[T]) IsConst() bool { return v.op == opConst }

// RequiresGrad reports whether a leaf made by [New] lies below v, counting v
// itself, so that [Value.Backward] gives v a gradient.
func (v *Value[T]) RequiresGrad() bool { return v.needsGrad }

// Inputs returns the inputs of the op that made v, in order, or nil for a
// leaf. The slice is new on each call; the Values in it are v's own inputs.
func (v *Value[T]) Inputs() []*Value[T] {
	n := v.arity()
	if n == 0 {
		return nil
	}
	in := make([]*Value[T], n)
	for i := range in {
		in[i] = v.input(i)
	}
	return in
}

// String returns v's label, when it has one, its data and its gradient, as in
// "x: data 2, grad 0.5".
func (v *Value[T]) String() string {
	s := fmt.Sprintf("data %v, grad %v", v.data, v.grad)
	if l := v.Label(); l != "" {
		return l + ": " + s
	}
	return s
}

// arity returns the number of inputs of v's op.
func (v *Value[T]) arity() int {
	switch {
	case v.pairs() && v.a != nil:
		return 2*len(v.ext.inputs) + 1
	case v.pairs():
		return 2 * len(v.ext.inputs)
	case v.nary():
		return len(v.ext.inputs)
	case v.b != nil:
		return 2
	case v.a != nil:
		return 1
	}
	return 0
}

// input returns v's input number i, counting from 0.
func (v *Value[T]) input(i int) *Value[T] {
	switch {
	case v.pairs():
		n := len(v.ext.inputs)
		switch {
		case i < n:
			return v.ext.inputs[i]
		case i < 2*n:
			return v.ext.second[i-n]
		}
		return v.a // an Affine's bias
	case v.nary():
		return v.ext.inputs[i]
	case i == 0:
		return v.a
	}
	return v.b
}
