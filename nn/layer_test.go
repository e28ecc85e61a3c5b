package nn_test

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

func TestNewLayer(t *testing.T) {
	l := nn.NewLayer[float64](rand.New(rand.NewPCG(1, 2)), 3, 2, nn.Tanh, nn.InitXavier)
	if len(l.Neurons) != 2 {
		t.Fatalf("%d neurons, want 2", len(l.Neurons))
	}
	var labels []string
	for _, p := range l.Parameters() {
		labels = append(labels, p.Label())
	}
	want := []string{"w[0][0]", "w[0][1]", "w[0][2]", "b[0]", "w[1][0]", "w[1][1]", "w[1][2]",
		"b[1]"}
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	for j, n := range l.Neurons {
		if n.Act != nn.Tanh {
			t.Errorf("neuron %d: Act = %v, want tanh", j, n.Act)
		}
	}
}

func TestLayerSetAndForward(t *testing.T) {
	l := nn.NewLayer[float64](rand.New(rand.NewPCG(1, 2)), 2, 3, nn.ReLU, nn.InitHe)
	l.Set([][]float64{{1, 2}, {-1, 0}, {0.5, -0.5}}, []float64{0, 1, -2})
	out := l.Forward(leaves(3, -1))
	got := []float64{out[0].Data(), out[1].Data(), out[2].Data()}
	// relu(3 - 2), relu(-3 + 1), relu(1.5 + 0.5 - 2)
	if diff := cmp.Diff([]float64{1, 0, 0}, got); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	l.SetActivation(nn.Linear)
	out = l.Forward(leaves(3, -1))
	got = []float64{out[0].Data(), out[1].Data(), out[2].Data()}
	if diff := cmp.Diff([]float64{1, -2, 0}, got); diff != "" {
		t.Errorf("linear outputs (-want +got):\n%s", diff)
	}
}

func TestZeroGrad(t *testing.T) {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 2)), 2, []int{3, 1},
		nn.WithHidden(nn.Tanh))
	m.Forward(leaves(0.5, 1))[0].Backward()
	nonzero := 0
	for _, p := range m.Parameters() {
		if p.Grad() != 0 {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Fatal("Backward gave no parameter a gradient")
	}
	m.ZeroGrad()
	for _, p := range m.Parameters() {
		if p.Grad() != 0 {
			t.Errorf("%s: gradient %v after ZeroGrad", p.Label(), p.Grad())
		}
	}
}

func TestLayerPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mustPanic(t, "nil rng", func() { nn.NewLayer[float64](nil, 1, 1, nn.ReLU, nn.InitHe) })
	mustPanic(t, "layer of 0 neurons", func() {
		nn.NewLayer[float64](rng, 1, 0, nn.ReLU, nn.InitHe)
	})
	mustPanic(t, "neuron with -1 inputs", func() {
		nn.NewLayer[float64](rng, -1, 1, nn.ReLU, nn.InitHe)
	})
	l := nn.NewLayer[float64](rng, 2, 1, nn.ReLU, nn.InitHe)
	mustPanic(t, "neuron of 2 inputs given 3", func() { l.Forward(leaves(1, 2, 3)) })
}

// TestForwardCopiesInputs checks that Neuron, Layer and MLP Forward leave the
// caller free to reuse the slice of inputs at once: the gradients of two
// examples run through one buffer are those of two separate slices.
func TestForwardCopiesInputs(t *testing.T) {
	type V = autodiff.Value[float64]
	rng := rand.New(rand.NewPCG(7, 8))
	m := nn.NewMLP[float64](rng, 2, []int{3, 1}, nn.WithHidden(nn.Tanh))
	l, n := m.Layers[0], nn.NewNeuron[float64](rng, 2, nn.Linear)
	tests := []struct {
		name    string
		forward func(x []*V) *V
		params  []*V
	}{
		{"Neuron", n.Forward, n.Parameters()},
		{"Layer", func(x []*V) *V { return autodiff.Sum(l.Forward(x)...) }, l.Parameters()},
		{"MLP", func(x []*V) *V { return m.Forward(x)[0] }, m.Parameters()},
	}
	examples := [][]float64{{0.5, -1}, {2, 0.25}}
	for _, tt := range tests {
		for _, where := range []string{"graph", "heap"} {
			t.Run(tt.name+"/"+where, func(t *testing.T) {
				grads := func(reuse bool) []float64 {
					var g *autodiff.Graph[float64] // nil: heap Values and slices
					if where == "graph" {
						g = autodiff.NewGraph[float64]()
					}
					buf := g.Values(2)
					var outs []*V
					for _, e := range examples {
						x := buf
						if !reuse {
							x = g.Values(2)
						}
						x[0], x[1] = g.Const(e[0]), g.Const(e[1])
						outs = append(outs, tt.forward(x))
					}
					for _, p := range tt.params {
						p.ZeroGrad()
					}
					autodiff.Sum(outs...).Backward()
					var gs []float64
					for _, p := range tt.params {
						gs = append(gs, p.Grad())
					}
					return gs
				}
				want := grads(false)
				if diff := cmp.Diff(want, grads(true)); diff != "" {
					t.Errorf("gradients with one reused buffer (-separate +reused):\n%s",
						diff)
				}
			})
		}
	}
}
