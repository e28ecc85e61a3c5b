package autodiff_test

import (
	"math"
	"testing"

	"github.com/chainrule/chainrule/autodiff"
)

// TestGraphLenAcrossBlocks builds graphs of varying sizes in one Graph, so
// that its memory grows by blocks and is reused after Reset, and a Sum whose
// inputs need a block larger than the next one: Len must count every Value
// made, and Backward, which walks the blocks, must reach the first leaf.
func TestGraphLenAcrossBlocks(t *testing.T) {
	g := autodiff.NewGraph[float64]()
	for _, tt := range []struct {
		chain, width int
	}{{600, 10}, {5, 3}, {2000, 700}, {300, 1500}, {1, 1}} {
		g.Reset()
		if n := g.Len(); n != 0 {
			t.Fatalf("Len after Reset: got %d, want 0", n)
		}
		x := g.New(1)
		y, made := x, 1
		for range tt.chain {
			y = y.Mul(g.Const(1.001))
			made += 2
		}
		leaves := make([]*autodiff.Value[float64], tt.width)
		for i := range leaves {
			leaves[i] = g.New(float64(i))
		}
		made += tt.width
		root := autodiff.Sum(append(leaves, y)...)
		made++
		if got := g.Len(); got != made {
			t.Errorf("chain %d, width %d: Len %d, want %d", tt.chain, tt.width, got, made)
		}
		if autodiff.Mixed(g) {
			t.Fatalf("chain %d: the Graph has a heap op below", tt.chain)
		}
		root.Backward()
		want := math.Pow(1.001, float64(tt.chain))
		if got := x.Grad(); math.Abs(got-want) > 1e-12*want {
			t.Errorf("chain %d: gradient of the first leaf %v, want %v", tt.chain, got, want)
		}
		for i, l := range leaves {
			if l.Grad() != 1 {
				t.Errorf("chain %d: leaf %d of the Sum: gradient %v, want 1", tt.chain, i,
					l.Grad())
				break
			}
		}
	}
}
