package nn

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// MLP is a multi-layer perceptron: layers applied one after another, each
// reading the outputs of the one before. Layers[0] reads the network's
// inputs; the last layer's outputs are the network's.
type MLP[T constraints.Float] struct {
	Layers []*Layer[T]
}

// Option changes how [NewMLP] builds a network.
type Option func(*options)

type options struct {
	hidden, output Activation
	acts           []Activation // one per layer; overrides hidden and output
	init           Init
}

// WithHidden makes every layer but the last use act. The default is [ReLU].
func WithHidden(act Activation) Option {
	return func(o *options) { o.hidden = act }
}

// WithOutput makes the last layer use act. The default is [Linear].
func WithOutput(act Activation) Option {
	return func(o *options) { o.output = act }
}

// WithActivations gives every layer its activation, acts[l] for layer l,
// overriding [WithHidden] and [WithOutput]. [NewMLP] panics unless there is
// one per layer.
func WithActivations(acts ...Activation) Option {
	acts = append([]Activation(nil), acts...)
	return func(o *options) { o.acts = acts }
}

// WithInit makes NewMLP draw the initial weights as init says. The default
// is [InitUniform].
func WithInit(init Init) Option {
	return func(o *options) { o.init = init }
}

// NewMLP returns an MLP of nin inputs and one layer per entry of sizes, layer
// l having sizes[l] neurons. Hidden layers use ReLU and the last layer is
// linear unless options say otherwise; weights are drawn from uniform(-1, 1)
// unless [WithInit] says otherwise, and biases are zero.
//
// Parameters are labelled by layer, counted from 1 as in textbooks, then by
// neuron and input, counted from 0 as Go counts: "w2[3][0]" is
// Layers[1].Neurons[3].W[0], and "b2[3]" is that neuron's bias.
//
// NewMLP draws from rng in the order of [MLP.Parameters], so the same rng
// state gives the same network. It panics if rng is nil, nin < 1, sizes is
// empty or holds a size below 1, [WithActivations] does not give one
// activation per layer, or an activation or Init is not one of the constants.
func NewMLP[T constraints.Float](rng *rand.Rand, nin int, sizes []int, opts ...Option) *MLP[T] {
	o := options{hidden: ReLU, output: Linear, init: InitUniform}
	for _, opt := range opts {
		opt(&o)
	}
	switch {
	case rng == nil:
		panic("nn: NewMLP with a nil rng")
	case nin < 1:
		panic(fmt.Sprintf("nn: NewMLP with %d inputs", nin))
	case len(sizes) == 0:
		panic("nn: NewMLP with no layers")
	case o.acts != nil && len(o.acts) != len(sizes):
		panic(fmt.Sprintf("nn: WithActivations gives %d activations for %d layers",
			len(o.acts), len(sizes)))
	}
	m := &MLP[T]{Layers: make([]*Layer[T], len(sizes))}
	for l, size := range sizes {
		act := o.hidden
		switch {
		case o.acts != nil:
			act = o.acts[l]
		case l == len(sizes)-1:
			act = o.output
		}
		if act >= numActivations {
			panic(fmt.Sprintf("nn: unknown activation %d", uint8(act)))
		}
		m.Layers[l] = newLayer[T](rng, nin, size, act, o.init, fmt.Sprint(l+1))
		nin = size
	}
	return m
}

// Forward returns the network's outputs for the inputs x as a slice, even
// when there is one output. Each neuron adds at most three nodes to the
// graph (see [Neuron.Forward]). If x holds Values of an [autodiff.Graph], the
// outputs, every node between, and the returned slice belong to that Graph,
// so that Forward allocates nothing once the Graph is warm, and all become
// invalid at [autodiff.Graph.Reset]. Otherwise the slice is new.
//
// Forward panics if len(x) is not the number of inputs, or if the layers do
// not fit together.
func (m *MLP[T]) Forward(x []*autodiff.Value[T]) []*autodiff.Value[T] {
	if n := m.NumInputs(); len(x) != n {
		panic(fmt.Sprintf("nn: MLP of %d inputs given %d", n, len(x)))
	}
	x = clone(x) // the caller's; the layers' outputs are m's own
	for _, l := range m.Layers {
		x = l.forward(x)
	}
	return x
}

// Predict returns the network's outputs for the inputs x as numbers. It
// computes exactly what [MLP.Forward] computes, on constants, so it builds a
// graph that is discarded.
//
// Predict panics as Forward does.
func (m *MLP[T]) Predict(x []T) []T {
	in := make([]*autodiff.Value[T], len(x))
	for i, xi := range x {
		in[i] = autodiff.Const(xi)
	}
	out := m.Forward(in)
	y := make([]T, len(out))
	for i, v := range out {
		y[i] = v.Data()
	}
	return y
}

// Parameters returns every weight and bias of m in a new slice, in this
// order: layer by layer, neuron by neuron, each neuron's weights in input
// order, then its bias. [MLP.ParameterData], [MLP.SetParameterData] and
// NewMLP's draws follow the same order.
func (m *MLP[T]) Parameters() []*autodiff.Value[T] {
	ps := make([]*autodiff.Value[T], 0, m.NumParameters())
	for _, l := range m.Layers {
		ps = l.appendParameters(ps)
	}
	return ps
}

// NumParameters returns the number of weights and biases of m.
func (m *MLP[T]) NumParameters() int {
	n := 0
	for _, l := range m.Layers {
		for _, nr := range l.Neurons {
			n += len(nr.W) + 1
		}
	}
	return n
}

// ParameterData returns the data of m's parameters in the order of
// [MLP.Parameters], in a new slice.
func (m *MLP[T]) ParameterData() []T {
	ps := m.Parameters()
	d := make([]T, len(ps))
	for i, p := range ps {
		d[i] = p.Data()
	}
	return d
}

// SetParameterData sets m's parameters, in the order of [MLP.Parameters], to
// the numbers in d.
//
// SetParameterData panics if len(d) is not the number of parameters.
func (m *MLP[T]) SetParameterData(d []T) {
	ps := m.Parameters()
	if len(d) != len(ps) {
		panic(fmt.Sprintf("nn: SetParameterData of %d numbers on an MLP of %d parameters",
			len(d), len(ps)))
	}
	for i, p := range ps {
		p.SetData(d[i])
	}
}

// ZeroGrad sets the gradients of all of m's parameters to zero.
func (m *MLP[T]) ZeroGrad() {
	for _, l := range m.Layers {
		l.ZeroGrad()
	}
}

// NumInputs returns the number of inputs of m's first layer, or 0 if m has
// no layers or the first layer no neurons.
func (m *MLP[T]) NumInputs() int {
	if len(m.Layers) == 0 {
		return 0
	}
	return max(m.Layers[0].inputs(), 0)
}

// NumOutputs returns the number of neurons of m's last layer, or 0 if m has
// no layers.
func (m *MLP[T]) NumOutputs() int {
	if len(m.Layers) == 0 {
		return 0
	}
	return len(m.Layers[len(m.Layers)-1].Neurons)
}

// Clone returns a deep copy of m: new leaves holding the same data and
// labels, with zero gradients, and the same activations.
func (m *MLP[T]) Clone() *MLP[T] {
	c := &MLP[T]{Layers: make([]*Layer[T], len(m.Layers))}
	for l, layer := range m.Layers {
		cl := &Layer[T]{Neurons: make([]*Neuron[T], len(layer.Neurons))}
		for j, n := range layer.Neurons {
			cn := &Neuron[T]{W: make([]*autodiff.Value[T], len(n.W)), Act: n.Act}
			for i, w := range n.W {
				cn.W[i] = leaf(w.Data(), w.Label())
			}
			cn.B = leaf(n.B.Data(), n.B.Label())
			cl.Neurons[j] = cn
		}
		c.Layers[l] = cl
	}
	return c
}

// String describes m's shape, as in "MLP(2 -> 16 relu -> 16 relu -> 1
// linear)". A layer whose neurons mix activations shows them all.
func (m *MLP[T]) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "MLP(%d", m.NumInputs())
	for _, l := range m.Layers {
		fmt.Fprintf(&b, " -> %d", len(l.Neurons))
		for j, n := range l.Neurons {
			if j == 0 || n.Act != l.Neurons[j-1].Act {
				fmt.Fprintf(&b, " %v", n.Act)
			}
		}
	}
	b.WriteString(")")
	return b.String()
}

// leaf returns a new leaf holding x, labelled unless label is empty.
func leaf[T constraints.Float](x T, label string) *autodiff.Value[T] {
	v := autodiff.New(x)
	if label != "" {
		v.Named(label)
	}
	return v
}
