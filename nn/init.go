package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Init says how a constructor draws a neuron's initial weights. Biases always
// start at zero, as in micrograd. The zero Init is [InitUniform].
type Init uint8

// The weight initialisations. For a layer of nin inputs and nout neurons:
const (
	// InitUniform draws from uniform(-1, 1), as micrograd does. It suits
	// small networks; in wide ones the outputs grow with the width.
	InitUniform Init = iota

	// InitHe draws from a normal distribution of mean 0 and standard
	// deviation sqrt(2/nin) (He et al. 2015), which keeps the variance of
	// ReLU layers steady with depth.
	InitHe

	// InitXavier draws from uniform(-a, a) with a = sqrt(6/(nin+nout))
	// (Glorot and Bengio 2010), suited to Tanh and Sigmoid layers.
	InitXavier

	numInits
)

var initNames = [numInits]string{
	InitUniform: "uniform",
	InitHe:      "he",
	InitXavier:  "xavier",
}

// String returns i's name: "uniform", "he" or "xavier".
func (i Init) String() string {
	if i < numInits {
		return initNames[i]
	}
	return fmt.Sprintf("Init(%d)", uint8(i))
}

// ParseInit returns the Init named s, as [Init.String] names it, or an error
// if there is none.
func ParseInit(s string) (Init, error) {
	for i, name := range initNames {
		if s == name {
			return Init(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown initialisation %q", s)
}

// draw returns one initial weight for a neuron of a layer with nin inputs
// and nout neurons. It panics for a value that is not one of the constants.
func (i Init) draw(rng *rand.Rand, nin, nout int) float64 {
	switch i {
	case InitUniform:
		return 2*rng.Float64() - 1
	case InitHe:
		return rng.NormFloat64() * math.Sqrt(2/float64(nin))
	case InitXavier:
		a := math.Sqrt(6 / float64(nin+nout))
		return a * (2*rng.Float64() - 1)
	}
	panic(fmt.Sprintf("nn: unknown initialisation %d", uint8(i)))
}
