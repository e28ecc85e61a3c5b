package nn

import (
	"fmt"
	"math/rand/v2"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// Layer is a row of neurons that all read the same inputs. Its output number
// j is the output of Neurons[j].
type Layer[T constraints.Float] struct {
	Neurons []*Neuron[T]
}

// NewLayer returns a Layer of nout neurons with nin inputs each, all using
// act, with weights drawn as init says and zero biases. Weight i of neuron j
// is labelled "w[j][i]" and its bias "b[j]".
//
// NewLayer panics if nin < 0, nout < 1, rng is nil, or init is not one of
// the Init constants.
func NewLayer[T constraints.Float](rng *rand.Rand, nin, nout int, act Activation,
	init Init) *Layer[T] {
	if rng == nil {
		panic("nn: NewLayer with a nil rng")
	}
	return newLayer[T](rng, nin, nout, act, init, "")
}

// newLayer is NewLayer with the layer's tag in its labels: "w<tag>[j][i]".
func newLayer[T constraints.Float](rng *rand.Rand, nin, nout int, act Activation, init Init,
	tag string) *Layer[T] {
	if nout < 1 {
		panic(fmt.Sprintf("nn: layer of %d neurons", nout))
	}
	if init >= numInits {
		panic(fmt.Sprintf("nn: unknown initialisation %d", uint8(init)))
	}
	l := &Layer[T]{Neurons: make([]*Neuron[T], nout)}
	for j := range l.Neurons {
		idx := fmt.Sprintf("%s[%d]", tag, j)
		l.Neurons[j] = newNeuron[T](rng, nin, nout, act, init, idx)
	}
	return l
}

// Forward returns the outputs of l's neurons for the inputs x, in a new
// slice, as [Neuron.Forward] computes them. When x belongs to an
// autodiff.Graph, the slice and the outputs are the Graph's, so that a
// training step built in a reused Graph allocates nothing. The neurons share
// one copy of x, so the caller may reuse x at once.
//
// Forward panics if a neuron's number of weights differs from len(x).
func (l *Layer[T]) Forward(x []*autodiff.Value[T]) []*autodiff.Value[T] {
	return l.forward(clone(x))
}

// forward is Forward on inputs that nobody changes afterwards: the slice it
// returns, which the next layer of an MLP takes as it is.
func (l *Layer[T]) forward(x []*autodiff.Value[T]) []*autodiff.Value[T] {
	out := graphOf(x).Values(len(l.Neurons))
	for j, n := range l.Neurons {
		// Neuron.Forward without its copy of x, written out: a call, too
		// large to inline, cost W1 about 3%.
		n.check(x)
		out[j] = apply(n.Act, autodiff.Affine(n.W, x, n.B))
	}
	return out
}

// Parameters returns the parameters of l's neurons, neuron by neuron, each
// as [Neuron.Parameters] orders them, in a new slice.
func (l *Layer[T]) Parameters() []*autodiff.Value[T] {
	return l.appendParameters(nil)
}

func (l *Layer[T]) appendParameters(ps []*autodiff.Value[T]) []*autodiff.Value[T] {
	for _, n := range l.Neurons {
		ps = n.appendParameters(ps)
	}
	return ps
}

// Set sets the weights of neuron j to w[j], in input order, and its bias to
// b[j], as [Neuron.Set] does: w is the layer's weight matrix, one row per
// neuron.
//
// Set panics if w or b does not have one entry per neuron, or a row of w does
// not have one weight per input of its neuron.
func (l *Layer[T]) Set(w [][]T, b []T) {
	if len(w) != len(l.Neurons) || len(b) != len(l.Neurons) {
		panic(fmt.Sprintf("nn: Set of %d weight rows and %d biases on a layer of %d neurons",
			len(w), len(b), len(l.Neurons)))
	}
	for j, n := range l.Neurons {
		n.Set(w[j], b[j])
	}
}

// SetActivation makes every neuron of l use act.
func (l *Layer[T]) SetActivation(act Activation) {
	for _, n := range l.Neurons {
		n.Act = act
	}
}

// ZeroGrad sets the gradients of all of l's parameters to zero.
func (l *Layer[T]) ZeroGrad() {
	for _, n := range l.Neurons {
		n.ZeroGrad()
	}
}

// inputs returns the number of inputs of l's neurons, taken from the first,
// or -1 if l has none.
func (l *Layer[T]) inputs() int {
	if len(l.Neurons) == 0 {
		return -1
	}
	return len(l.Neurons[0].W)
}
