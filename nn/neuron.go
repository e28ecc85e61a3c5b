package nn

import (
	"fmt"
	"math/rand/v2"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// Neuron computes act(w·x + b) from its inputs x. Its weights W and bias B
// are leaves made by [autodiff.New], so they receive gradients; set them by
// hand with [Neuron.Set] or through the fields. The graphs that Forward
// builds keep W itself, as [autodiff.Affine] does: change the weights' data,
// not the elements of W, while such a graph is in use.
type Neuron[T constraints.Float] struct {
	W   []*autodiff.Value[T] // one weight per input, in input order
	B   *autodiff.Value[T]
	Act Activation
}

// NewNeuron returns a Neuron of nin inputs whose weights are drawn from
// uniform(-1, 1), as micrograd's are, and whose bias is 0. The weights are
// labelled "w[i]" by input index i, the bias "b".
//
// NewNeuron panics if nin < 0 or rng is nil.
func NewNeuron[T constraints.Float](rng *rand.Rand, nin int, act Activation) *Neuron[T] {
	if rng == nil {
		panic("nn: NewNeuron with a nil rng")
	}
	return newNeuron[T](rng, nin, 1, act, InitUniform, "")
}

// newNeuron returns a Neuron of nin inputs in a layer of nout neurons, with
// weights drawn as init says, labelled "w<idx>[i]" and "b<idx>".
func newNeuron[T constraints.Float](rng *rand.Rand, nin, nout int, act Activation, init Init,
	idx string) *Neuron[T] {
	if nin < 0 {
		panic(fmt.Sprintf("nn: neuron with %d inputs", nin))
	}
	n := &Neuron[T]{W: make([]*autodiff.Value[T], nin), Act: act}
	for i := range n.W {
		n.W[i] = autodiff.New(T(init.draw(rng, nin, nout)))
		n.W[i].Named(fmt.Sprintf("w%s[%d]", idx, i))
	}
	n.B = autodiff.New[T](0).Named("b" + idx)
	return n
}

// Forward returns act(w·x + b) as an autodiff.Affine for w·x + b and the
// activation's node (none for [Linear]; [LeakyReLU] adds its slope as a
// constant). If x holds Values of an
// [autodiff.Graph], the result belongs to that Graph. The Affine keeps a copy
// of x, so the caller may reuse x at once.
//
// Forward panics if len(x) differs from len(n.W) or n.Act is not one of the
// Activation constants.
func (n *Neuron[T]) Forward(x []*autodiff.Value[T]) *autodiff.Value[T] {
	n.check(x)
	return apply(n.Act, autodiff.Affine(n.W, clone(x), n.B))
}

// check panics unless x has one Value per weight of n.
func (n *Neuron[T]) check(x []*autodiff.Value[T]) {
	if len(x) != len(n.W) {
		panic(fmt.Sprintf("nn: neuron of %d inputs given %d", len(n.W), len(x)))
	}
}

// clone returns a copy of x in the memory of x's Graph, or on the heap.
func clone[T constraints.Float](x []*autodiff.Value[T]) []*autodiff.Value[T] {
	c := graphOf(x).Values(len(x))
	copy(c, x)
	return c
}

// Parameters returns n's weights in input order, then its bias, in a new
// slice.
func (n *Neuron[T]) Parameters() []*autodiff.Value[T] {
	return n.appendParameters(make([]*autodiff.Value[T], 0, len(n.W)+1))
}

func (n *Neuron[T]) appendParameters(ps []*autodiff.Value[T]) []*autodiff.Value[T] {
	return append(append(ps, n.W...), n.B)
}

// Set sets n's weights to w, in input order, and its bias to b. It changes
// the data of the existing leaves, so optimizers and graphs that hold them
// see the new values.
//
// Set panics if len(w) differs from len(n.W).
func (n *Neuron[T]) Set(w []T, b T) {
	if len(w) != len(n.W) {
		panic(fmt.Sprintf("nn: Set of %d weights on a neuron of %d inputs", len(w), len(n.W)))
	}
	for i, x := range w {
		n.W[i].SetData(x)
	}
	n.B.SetData(b)
}

// ZeroGrad sets the gradients of n's weights and bias to zero.
func (n *Neuron[T]) ZeroGrad() {
	for _, w := range n.W {
		w.ZeroGrad()
	}
	n.B.ZeroGrad()
}
