package nn_test

import (
	"math/rand/v2"
	"testing"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

func TestNeuronForwardIsTwoNodes(t *testing.T) {
	n := nn.NewNeuron[float64](rand.New(rand.NewPCG(1, 2)), 3, nn.ReLU)
	x := leaves(1, 2, 3)
	out := n.Forward(x)
	if got := out.Op(); got != "relu" {
		t.Fatalf("output op %q, want relu", got)
	}
	z := out.Inputs()[0]
	if got := z.Op(); got != "affine" {
		t.Fatalf("below relu: op %q, want affine", got)
	}
	in := z.Inputs()
	want := append(append(append([]*autodiff.Value[float64]{}, n.W...), x...), n.B)
	if len(in) != len(want) {
		t.Fatalf("affine has %d inputs, want %d", len(in), len(want))
	}
	for i := range want {
		if in[i] != want[i] {
			t.Errorf("affine input %d is %s, want %s", i, in[i], want[i])
		}
	}
}

func TestNewNeuron(t *testing.T) {
	n := nn.NewNeuron[float32](rand.New(rand.NewPCG(1, 2)), 3, nn.Sigmoid)
	if len(n.W) != 3 || n.Act != nn.Sigmoid || n.B.Data() != 0 {
		t.Fatalf("got %d weights, %v, bias %v; want 3, sigmoid, 0", len(n.W), n.Act, n.B.Data())
	}
	for i, w := range n.W {
		if d := w.Data(); d < -1 || d >= 1 {
			t.Errorf("w[%d] = %v, outside [-1, 1)", i, d)
		}
	}
	if got := n.Parameters()[3]; got != n.B || got.Label() != "b" {
		t.Errorf("last parameter %s, want the bias labelled b", got)
	}
	if got := n.Parameters()[1].Label(); got != "w[1]" {
		t.Errorf("second parameter labelled %q, want w[1]", got)
	}
	mustPanic(t, "nil rng", func() { nn.NewNeuron[float64](nil, 1, nn.ReLU) })
}

// TestForwardChecksEveryNeuron checks that a neuron whose width differs from
// its layer's inputs panics with nn's message wherever it stands: after
// neurons that fit, in a Layer, and in an MLP whose layers do not fit
// together, on the heap and in a Graph.
func TestForwardChecksEveryNeuron(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tests := []struct {
		name, want string
		f          func(in []*autodiff.Value[float64])
	}{
		{"layer, last neuron", "neuron of 3 inputs given 2", func(in []*autodiff.Value[float64]) {
			l := nn.NewLayer[float64](rng, 2, 3, nn.ReLU, nn.InitHe)
			l.Neurons[2] = nn.NewNeuron[float64](rng, 3, nn.ReLU)
			l.Forward(in)
		}},
		{"MLP, second layer", "neuron of 4 inputs given 3", func(in []*autodiff.Value[float64]) {
			m := nn.NewMLP[float64](rng, 2, []int{3, 2, 1})
			m.Layers[1].Neurons[1] = nn.NewNeuron[float64](rng, 4, nn.ReLU)
			m.Forward(in)
		}},
	}
	for _, tt := range tests {
		for _, where := range []string{"heap", "graph"} {
			t.Run(tt.name+"/"+where, func(t *testing.T) {
				var g *autodiff.Graph[float64]
				if where == "graph" {
					g = autodiff.NewGraph[float64]()
				}
				in := []*autodiff.Value[float64]{g.Const(1), g.Const(2)}
				mustPanic(t, tt.want, func() { tt.f(in) })
			})
		}
	}
}
