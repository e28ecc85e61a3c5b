package nn_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// TestActivations checks each activation of a one-input neuron against its
// formula, on both sides of zero, and its gradient with finite differences.
func TestActivations(t *testing.T) {
	tests := []struct {
		act  nn.Activation
		name string
		f    func(z float64) float64
	}{
		{nn.Linear, "linear", func(z float64) float64 { return z }},
		{nn.ReLU, "relu", func(z float64) float64 { return math.Max(z, 0) }},
		{nn.Tanh, "tanh", math.Tanh},
		{nn.Sigmoid, "sigmoid", func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }},
		{nn.LeakyReLU, "leaky_relu", func(z float64) float64 {
			if z > 0 {
				return z
			}
			return nn.LeakySlope * z
		}},
		{nn.Softplus, "softplus", func(z float64) float64 { return math.Log1p(math.Exp(z)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.act.String(); got != tt.name {
				t.Errorf("String() = %q, want %q", got, tt.name)
			}
			for _, x := range []float64{-1.3, -0.1, 0.4, 2} {
				n := nn.NewNeuron[float64](rand.New(rand.NewPCG(1, 2)), 1, tt.act)
				n.Set([]float64{2}, 0.5)
				z := 2*x + 0.5
				got := n.Forward(leaves(x)).Data()
				if want := tt.f(z); math.Abs(got-want) > 1e-15 {
					t.Errorf("at z = %v: %v, want %v", z, got, want)
				}
				f := func(p []*autodiff.Value[float64]) *autodiff.Value[float64] {
					n.W[0], n.B = p[0], p[1]
					return n.Forward(p[2:])
				}
				err := autodiff.CheckGradient(f, []float64{2, 0.5, x}, autodiff.Tolerance{})
				if err != nil {
					t.Errorf("at x = %v: %v", x, err)
				}
			}
		})
	}
}

func TestActivationNames(t *testing.T) {
	for _, a := range []nn.Activation{nn.Linear, nn.ReLU, nn.Tanh, nn.Sigmoid, nn.LeakyReLU,
		nn.Softplus} {
		got, err := nn.ParseActivation(a.String())
		if err != nil || got != a {
			t.Errorf("ParseActivation(%q) = %v, %v; want %v", a.String(), got, err, a)
		}
	}
	if _, err := nn.ParseActivation("gelu"); err == nil {
		t.Error("ParseActivation(\"gelu\") succeeded")
	}
	if got := nn.Activation(42).String(); got != "Activation(42)" {
		t.Errorf("String() of an unknown activation = %q, want Activation(42)", got)
	}

	// As text, activations go through JSON by name.
	acts := []nn.Activation{nn.Tanh, nn.Linear}
	b, err := json.Marshal(acts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `["tanh","linear"]`; got != want {
		t.Errorf("JSON %s, want %s", got, want)
	}
	var back []nn.Activation
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(acts, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	if _, err := json.Marshal(nn.Activation(42)); err == nil {
		t.Error("an unknown activation was marshalled")
	}
	if err := json.Unmarshal([]byte(`"swish"`), &back[0]); err == nil {
		t.Error("an unknown activation name was unmarshalled")
	}
}

func TestForwardUnknownActivation(t *testing.T) {
	n := nn.NewNeuron[float64](rand.New(rand.NewPCG(1, 2)), 1, nn.Activation(42))
	mustPanic(t, "unknown activation 42", func() { n.Forward(leaves(1)) })
}
