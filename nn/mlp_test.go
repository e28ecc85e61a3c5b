package nn_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

func TestNewMLPShape(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 3, []int{4, 5, 2})
	if got, want := m.NumInputs(), 3; got != want {
		t.Errorf("NumInputs() = %d, want %d", got, want)
	}
	if got, want := m.NumOutputs(), 2; got != want {
		t.Errorf("NumOutputs() = %d, want %d", got, want)
	}
	// (3+1)*4 + (4+1)*5 + (5+1)*2 weights and biases.
	if got, want := m.NumParameters(), 16+25+12; got != want {
		t.Errorf("NumParameters() = %d, want %d", got, want)
	}
	if got, want := len(m.Parameters()), m.NumParameters(); got != want {
		t.Errorf("len(Parameters()) = %d, want %d", got, want)
	}
	if got, want := m.String(), "MLP(3 -> 4 relu -> 5 relu -> 2 linear)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestParametersOrderAndLabels(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{2, 1})
	want := []string{
		"w1[0][0]", "w1[0][1]", "b1[0]",
		"w1[1][0]", "w1[1][1]", "b1[1]",
		"w2[0][0]", "w2[0][1]", "b2[0]",
	}
	if diff := cmp.Diff(want, labelsOf(m)); diff != "" {
		t.Errorf("parameter labels (-want +got):\n%s", diff)
	}
	// The order is also that of the exported fields.
	ps := m.Parameters()
	same := []*autodiff.Value[float64]{
		m.Layers[0].Neurons[0].W[0], m.Layers[0].Neurons[0].W[1], m.Layers[0].Neurons[0].B,
		m.Layers[0].Neurons[1].W[0], m.Layers[0].Neurons[1].W[1], m.Layers[0].Neurons[1].B,
		m.Layers[1].Neurons[0].W[0], m.Layers[1].Neurons[0].W[1], m.Layers[1].Neurons[0].B,
	}
	for i := range same {
		if ps[i] != same[i] {
			t.Errorf("Parameters()[%d] is %s, want %s", i, ps[i].Label(), same[i].Label())
		}
	}
}

func TestNewMLPDefaults(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(3, 4)), 4, []int{8, 8, 1})
	for l, layer := range m.Layers {
		want := nn.ReLU
		if l == len(m.Layers)-1 {
			want = nn.Linear
		}
		for j, n := range layer.Neurons {
			if n.Act != want {
				t.Errorf("layer %d neuron %d: Act = %v, want %v", l, j, n.Act, want)
			}
			if b := n.B.Data(); b != 0 {
				t.Errorf("layer %d neuron %d: bias %v, want 0", l, j, b)
			}
			for i, w := range n.W {
				if d := w.Data(); d < -1 || d >= 1 {
					t.Errorf("layer %d neuron %d: w[%d] = %v, outside [-1, 1)", l, j, i, d)
				}
			}
		}
	}
}

func TestNewMLPOptions(t *testing.T) {
	tests := []struct {
		name string
		opts []nn.Option
		want []nn.Activation
	}{
		{"defaults", nil, []nn.Activation{nn.ReLU, nn.ReLU, nn.Linear}},
		{"hidden", []nn.Option{nn.WithHidden(nn.Tanh)},
			[]nn.Activation{nn.Tanh, nn.Tanh, nn.Linear}},
		{"output", []nn.Option{nn.WithOutput(nn.Sigmoid)},
			[]nn.Activation{nn.ReLU, nn.ReLU, nn.Sigmoid}},
		{"each layer", []nn.Option{nn.WithHidden(nn.Tanh),
			nn.WithActivations(nn.Softplus, nn.LeakyReLU, nn.Tanh)},
			[]nn.Activation{nn.Softplus, nn.LeakyReLU, nn.Tanh}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := nn.NewMLP[float32](rand.New(rand.NewPCG(1, 1)), 2, []int{3, 3, 1}, tt.opts...)
			var got []nn.Activation
			for _, l := range m.Layers {
				got = append(got, l.Neurons[0].Act)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("activations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewMLPSameSeedSameNetwork(t *testing.T) {
	a := nn.NewMLP[float64](rand.New(rand.NewPCG(7, 8)), 2, []int{3, 1})
	b := nn.NewMLP[float64](rand.New(rand.NewPCG(7, 8)), 2, []int{3, 1})
	c := nn.NewMLP[float64](rand.New(rand.NewPCG(7, 9)), 2, []int{3, 1})
	if diff := cmp.Diff(a.ParameterData(), b.ParameterData()); diff != "" {
		t.Errorf("same seed, different weights (-a +b):\n%s", diff)
	}
	if cmp.Equal(a.ParameterData(), c.ParameterData()) {
		t.Errorf("different seeds gave the same weights %v", a.ParameterData())
	}
}

// TestForwardHandSet sets every weight of a 2-2-1 network by hand and
// compares Forward with the same arithmetic written out.
func TestForwardHandSet(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{2, 1},
		nn.WithActivations(nn.Tanh, nn.Sigmoid))
	m.Layers[0].Set([][]float64{{0.5, -1}, {2, 0.25}}, []float64{0.1, -0.3})
	m.Layers[1].Neurons[0].Set([]float64{1.5, -0.75}, 0.2)

	x0, x1 := 0.7, -1.2
	h0 := math.Tanh(0.5*x0 - 1*x1 + 0.1)
	h1 := math.Tanh(2*x0 + 0.25*x1 - 0.3)
	want := 1 / (1 + math.Exp(-(1.5*h0 - 0.75*h1 + 0.2)))

	out := m.Forward(leaves(x0, x1))
	if len(out) != 1 {
		t.Fatalf("Forward gave %d outputs, want 1", len(out))
	}
	if got := out[0].Data(); math.Abs(got-want) > 1e-15 {
		t.Errorf("Forward = %v, want %v", got, want)
	}
	if got := m.Predict([]float64{x0, x1}); got[0] != out[0].Data() {
		t.Errorf("Predict = %v, Forward = %v; want the same", got[0], out[0].Data())
	}
}

func TestForwardInGraph(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{4, 1})
	g := autodiff.NewGraph[float64]()
	out := m.Forward([]*autodiff.Value[float64]{g.Const(0.5), g.Const(-0.5)})
	// 4 hidden neurons of affine, relu; one output of affine; two inputs.
	if got, want := g.Len(), 2+4*2+1; got != want {
		t.Errorf("graph holds %d Values, want %d", got, want)
	}
	want := m.Predict([]float64{0.5, -0.5})
	if out[0].Data() != want[0] {
		t.Errorf("in a graph: %v, on the heap: %v", out[0].Data(), want[0])
	}
}

func TestSetParameterDataRoundTrip(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{3, 2})
	d := make([]float64, m.NumParameters())
	for i := range d {
		d[i] = float64(i) / 8
	}
	m.SetParameterData(d)
	if diff := cmp.Diff(d, m.ParameterData()); diff != "" {
		t.Errorf("ParameterData after SetParameterData (-want +got):\n%s", diff)
	}
	// b2[0] comes after layer 1's 3*(2+1) parameters and its own 3 weights.
	if got, want := m.Layers[1].Neurons[0].B.Data(), d[3*(2+1)+3]; got != want {
		t.Errorf("b2[0] = %v, want %v", got, want)
	}
}

func TestClone(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{3, 1},
		nn.WithOutput(nn.Tanh))
	c := m.Clone()
	if diff := cmp.Diff(m.ParameterData(), c.ParameterData()); diff != "" {
		t.Errorf("clone's data (-orig +clone):\n%s", diff)
	}
	if m.String() != c.String() {
		t.Errorf("clone is %s, want %s", c, m)
	}
	c.Layers[0].Neurons[0].W[0].SetData(42)
	if m.Layers[0].Neurons[0].W[0].Data() == 42 {
		t.Error("setting the clone's weight changed the original")
	}
	if got := c.Parameters()[0].Label(); got != "w1[0][0]" {
		t.Errorf("clone's first label %q, want w1[0][0]", got)
	}
}

// mustPanic runs f and checks that it panics with a message starting "nn:"
// and containing want.
func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		msg, ok := r.(string)
		switch {
		case r == nil:
			t.Errorf("no panic, want one containing %q", want)
		case !ok:
			t.Errorf("panic with %T %v, want a string", r, r)
		case !strings.HasPrefix(msg, "nn: ") || !strings.Contains(msg, want):
			t.Errorf("panic %q, want \"nn: ...%s...\"", msg, want)
		}
	}()
	f()
}

func TestPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := nn.NewMLP[float64](rng, 2, []int{3, 1})
	tests := []struct {
		name, want string
		f          func()
	}{
		{"short input", "MLP of 2 inputs given 1", func() { m.Forward(leaves(1)) }},
		{"long input", "MLP of 2 inputs given 3", func() { m.Forward(leaves(1, 2, 3)) }},
		{"predict", "given 0", func() { m.Predict(nil) }},
		{"nil rng", "nil rng", func() { nn.NewMLP[float64](nil, 2, []int{1}) }},
		{"no inputs", "0 inputs", func() { nn.NewMLP[float64](rng, 0, []int{1}) }},
		{"no layers", "no layers", func() { nn.NewMLP[float64](rng, 2, nil) }},
		{"empty layer", "layer of 0 neurons", func() { nn.NewMLP[float64](rng, 2, []int{0}) }},
		{"activations", "2 activations for 3 layers", func() {
			nn.NewMLP[float64](rng, 2, []int{1, 1, 1}, nn.WithActivations(nn.ReLU, nn.ReLU))
		}},
		{"bad activation", "unknown activation", func() {
			nn.NewMLP[float64](rng, 2, []int{1}, nn.WithOutput(nn.Activation(99)))
		}},
		{"bad init", "unknown initialisation", func() {
			nn.NewMLP[float64](rng, 2, []int{1}, nn.WithInit(nn.Init(99)))
		}},
		{"neuron set", "Set of 1 weights", func() {
			m.Layers[0].Neurons[0].Set([]float64{1}, 0)
		}},
		{"layer set", "Set of 1 weight rows", func() {
			m.Layers[0].Set([][]float64{{1, 2}}, nil)
		}},
		{"parameter data", "SetParameterData of 2", func() {
			m.SetParameterData([]float64{1, 2})
		}},
		{"neuron forward", "neuron of 2 inputs given 1", func() {
			m.Layers[0].Neurons[0].Forward(leaves(1))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { mustPanic(t, tt.want, tt.f) })
	}
}

func TestForwardInWarmGraphAllocatesNothing(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{16, 16, 1})
	g := autodiff.NewGraph[float64]()
	in := make([]*autodiff.Value[float64], 2)
	forward := func() {
		g.Reset()
		in[0], in[1] = g.Const(0.5), g.Const(-0.5)
		m.Forward(in)
	}
	forward() // the first pass grows the Graph
	if n := testing.AllocsPerRun(20, forward); n != 0 {
		t.Errorf("Forward in a warm Graph allocates %v times, want 0", n)
	}
}
