package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/nn"
)

// TestMakeMoonsNoiseless checks the construction itself: with no noise every
// point lies on its moon's circle, and t covers [0, π] in each moon.
func TestMakeMoonsNoiseless(t *testing.T) {
	tests := []struct {
		name         string
		n            int
		outer, inner int
	}{
		{"even", 100, 50, 50},
		{"odd", 7, 3, 4},
		{"two", 2, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y := nn.MakeMoons[float64](rand.New(rand.NewPCG(1, 2)), tt.n, 0)
			if len(x) != tt.n || len(y) != tt.n {
				t.Fatalf("got %d points and %d labels, want %d", len(x), len(y), tt.n)
			}
			count := map[float64]int{}
			for i, p := range x {
				count[y[i]]++
				// The outer moon is the unit circle's upper half; the inner one
				// the unit circle around (1, 0.5), lower half.
				cx, cy, side := 0.0, 0.0, 1.0
				if y[i] == 1 {
					cx, cy, side = 1, 0.5, -1
				}
				r := math.Hypot(p[0]-cx, p[1]-cy)
				if math.Abs(r-1) > 1e-12 || side*(p[1]-cy) < -1e-12 {
					t.Errorf("point %d %v label %v is off its half circle", i, p, y[i])
				}
			}
			want := map[float64]int{-1: tt.outer, 1: tt.inner}
			if diff := cmp.Diff(want, count); diff != "" {
				t.Errorf("points per label (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMakeMoonsEnds(t *testing.T) {
	x, y := nn.MakeMoons[float64](rand.New(rand.NewPCG(1, 2)), 10, 0)
	ends := map[[2]float64]float64{{1, 0}: -1, {-1, 0}: -1, {0, 0.5}: 1, {2, 0.5}: 1}
	for i, p := range x {
		q := [2]float64{math.Round(p[0]*1e9) / 1e9, math.Round(p[1]*1e9) / 1e9}
		if label, ok := ends[q]; ok && label == y[i] {
			delete(ends, q)
		}
	}
	if len(ends) > 0 {
		t.Errorf("the ends of the moons, t = 0 and t = π, are missing: %v", ends)
	}
}

func TestMakeMoonsNoise(t *testing.T) {
	const noise = 0.1
	x, y := nn.MakeMoons[float64](rand.New(rand.NewPCG(3, 4)), 2000, noise)
	// The distance from a point to its noiseless position is unknown after
	// shuffling, but the radius about its moon's centre is off by roughly
	// the noise: its spread must be near 0.1, not 0 and not much more.
	var sq float64
	for i, p := range x {
		cx, cy := 0.0, 0.0
		if y[i] == 1 {
			cx, cy = 1, 0.5
		}
		d := math.Hypot(p[0]-cx, p[1]-cy) - 1
		sq += d * d
	}
	std := math.Sqrt(sq / float64(len(x)))
	if std < 0.08 || std > 0.12 {
		t.Errorf("radial spread %.3f, want about %v", std, noise)
	}
}

func TestMakeMoonsDeterministic(t *testing.T) {
	x1, y1 := nn.MakeMoons[float32](rand.New(rand.NewPCG(9, 9)), 50, 0.1)
	x2, y2 := nn.MakeMoons[float32](rand.New(rand.NewPCG(9, 9)), 50, 0.1)
	if !cmp.Equal(x1, x2) || !cmp.Equal(y1, y2) {
		t.Error("the same seed gave different moons")
	}
}

func TestMakeMoonsPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mustPanic(t, "nil rng", func() { nn.MakeMoons[float64](nil, 10, 0.1) })
	mustPanic(t, "-1 points", func() { nn.MakeMoons[float64](rng, -1, 0.1) })
	mustPanic(t, "noise NaN", func() { nn.MakeMoons[float64](rng, 10, math.NaN()) })
}
