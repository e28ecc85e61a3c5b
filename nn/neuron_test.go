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
