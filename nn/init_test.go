package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chainrule/chainrule/nn"
)

// TestInitScale checks each initialisation's spread over many weights
// against its formula.
func TestInitScale(t *testing.T) {
	const nin, nout = 200, 100
	tests := []struct {
		init     nn.Init
		wantStd  float64
		wantMax  float64 // bound on |w|, or 0 for none
		stdSlack float64
	}{
		{nn.InitUniform, 1 / math.Sqrt(3), 1, 0.02},
		{nn.InitHe, math.Sqrt(2.0 / nin), 0, 0.003},
		{nn.InitXavier, math.Sqrt(2.0 / (nin + nout)), math.Sqrt(6.0 / (nin + nout)), 0.003},
	}
	for _, tt := range tests {
		t.Run(tt.init.String(), func(t *testing.T) {
			l := nn.NewLayer[float64](rand.New(rand.NewPCG(5, 6)), nin, nout, nn.Linear, tt.init)
			var sum, sq float64
			n := 0
			for _, nr := range l.Neurons {
				for _, w := range nr.W {
					d := w.Data()
					if tt.wantMax > 0 && math.Abs(d) > tt.wantMax {
						t.Fatalf("weight %v beyond %v", d, tt.wantMax)
					}
					sum += d
					sq += d * d
					n++
				}
			}
			mean := sum / float64(n)
			std := math.Sqrt(sq/float64(n) - mean*mean)
			if math.Abs(std-tt.wantStd) > tt.stdSlack {
				t.Errorf("std = %.4f, want %.4f ± %v", std, tt.wantStd, tt.stdSlack)
			}
			if math.Abs(mean) > 3*tt.wantStd/math.Sqrt(float64(n)) {
				t.Errorf("mean = %.4f, want 0 within 3 standard errors", mean)
			}
		})
	}
}

func TestInitNames(t *testing.T) {
	for i, name := range []string{"uniform", "he", "xavier"} {
		if got := nn.Init(i).String(); got != name {
			t.Errorf("Init(%d).String() = %q, want %q", i, got, name)
		}
		got, err := nn.ParseInit(name)
		if err != nil || got != nn.Init(i) {
			t.Errorf("ParseInit(%q) = %v, %v; want Init(%d)", name, got, err, i)
		}
	}
	if _, err := nn.ParseInit("lecun"); err == nil {
		t.Error("ParseInit(\"lecun\") succeeded")
	}
	if got := nn.Init(7).String(); got != "Init(7)" {
		t.Errorf("String() of an unknown Init = %q, want Init(7)", got)
	}
}
