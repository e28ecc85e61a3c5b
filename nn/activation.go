package nn

import (
	"fmt"

	"golang.org/x/exp/constraints"

	"github.com/chainrule/chainrule/autodiff"
)

// Activation is the function a neuron applies to w·x + b. The zero
// Activation is [Linear].
type Activation uint8

// The activations a layer can use. Their names, as [Activation.String]
// returns them and as saved models store them, are given beside each.
const (
	Linear    Activation = iota // "linear": the identity
	ReLU                        // "relu": max(0, z)
	Tanh                        // "tanh"
	Sigmoid                     // "sigmoid": 1 / (1 + e^-z)
	LeakyReLU                   // "leaky_relu": z, or 0.01·z for z <= 0
	Softplus                    // "softplus": log(1 + e^z)
	numActivations
)

// LeakySlope is the slope of [LeakyReLU] below zero.
const LeakySlope = 0.01

var activationNames = [numActivations]string{
	Linear:    "linear",
	ReLU:      "relu",
	Tanh:      "tanh",
	Sigmoid:   "sigmoid",
	LeakyReLU: "leaky_relu",
	Softplus:  "softplus",
}

// String returns a's name, such as "relu", or "Activation(9)" for a value
// that is not one of the constants.
func (a Activation) String() string {
	if a < numActivations {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", uint8(a))
}

// ParseActivation returns the Activation named s, as [Activation.String]
// names it, or an error if there is none.
func ParseActivation(s string) (Activation, error) {
	for a, name := range activationNames {
		if s == name {
			return Activation(a), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown activation %q", s)
}

// MarshalText returns a's name, so that JSON stores activations by name. It
// fails for a value that is not one of the constants.
func (a Activation) MarshalText() ([]byte, error) {
	if a >= numActivations {
		return nil, fmt.Errorf("nn: unknown activation %d", uint8(a))
	}
	return []byte(activationNames[a]), nil
}

// UnmarshalText sets a to the Activation named text.
func (a *Activation) UnmarshalText(text []byte) error {
	p, err := ParseActivation(string(text))
	if err != nil {
		return err
	}
	*a = p
	return nil
}

// apply returns a applied to z, one node, or z itself for Linear. It panics
// for a value that is not one of the constants.
func apply[T constraints.Float](a Activation, z *autodiff.Value[T]) *autodiff.Value[T] {
	switch a {
	case Linear:
		return z
	case ReLU:
		return z.ReLU()
	case Tanh:
		return z.Tanh()
	case Sigmoid:
		return z.Sigmoid()
	case LeakyReLU:
		return z.LeakyReLU(LeakySlope)
	case Softplus:
		return z.Softplus()
	}
	panic(fmt.Sprintf("nn: unknown activation %d", uint8(a)))
}
