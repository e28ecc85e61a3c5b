package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"golang.org/x/exp/constraints"
)

// MakeMoons returns n points of two interleaving half circles in the plane,
// the toy task of micrograd's demo, built as scikit-learn's make_moons
// builds it: n/2 points (cos t, sin t) of the outer moon, labelled -1, and
// the other n - n/2 points (1 - cos t, 1/2 - sin t) of the inner moon,
// labelled +1, with t evenly spaced over [0, π] in each moon. Each
// coordinate then gets gaussian noise of standard deviation noise, and the
// points are shuffled. The same rng state gives the same points.
//
// MakeMoons panics if rng is nil, n < 0, or noise is negative or NaN.
func MakeMoons[T constraints.Float](rng *rand.Rand, n int, noise float64) (x [][]T, y []T) {
	switch {
	case rng == nil:
		panic("nn: MakeMoons with a nil rng")
	case n < 0:
		panic(fmt.Sprintf("nn: MakeMoons of %d points", n))
	case !(noise >= 0):
		panic(fmt.Sprintf("nn: MakeMoons with noise %v", noise))
	}
	x = make([][]T, n)
	y = make([]T, n)
	nOuter := n / 2
	for i := range n {
		k, m, label := i, nOuter, T(-1)
		if i >= nOuter {
			k, m, label = i-nOuter, n-nOuter, 1
		}
		t := 0.0
		if m > 1 {
			t = math.Pi * float64(k) / float64(m-1)
		}
		px, py := math.Cos(t), math.Sin(t)
		if label > 0 {
			px, py = 1-px, 0.5-py
		}
		px += noise * rng.NormFloat64()
		py += noise * rng.NormFloat64()
		x[i] = []T{T(px), T(py)}
		y[i] = label
	}
	rng.Shuffle(n, func(i, j int) {
		x[i], x[j] = x[j], x[i]
		y[i], y[j] = y[j], y[i]
	})
	return x, y
}
