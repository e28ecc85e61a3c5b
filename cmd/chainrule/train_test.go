package main

import (
	"regexp"
	"testing"
)

func TestExampleTraining(t *testing.T) {
	text := splitSections(t, exampleText(t))[4]
	ref := startReference()

	// The step of all 14 parameters: before, gradient, after.
	rows := parseRows(text, 4)
	if len(rows) != 14 {
		t.Fatalf("got %d rows of parameters, want 14", len(rows))
	}
	w, b := startWeights()
	after := map[string]float64{}
	for l := range w {
		for j := range w[l] {
			for i := range w[l][j] {
				n := name("w", j, i, l+1)
				after[n] = w[l][j][i] - 0.01*ref.grad[n]
			}
			n := name("b", j, -1, l+1)
			after[n] = b[l][j] - 0.01*ref.grad[n]
		}
	}
	got := map[string]float64{}
	for n, cells := range rows {
		got[n] = parseNum(t, cells[2])
	}
	checkNumbers(t, "after the step", got, after)

	// The loss after that step, computed from the stepped weights by hand.
	a := func(n string) float64 { return after[n] }
	next := newReference(
		[2][3]float64{{a("w11(1)"), a("w12(1)"), a("w13(1)")},
			{a("w21(1)"), a("w22(1)"), a("w23(1)")}},
		[2]float64{a("b1(1)"), a("b2(1)")},
		[2][2]float64{{a("w11(2)"), a("w12(2)")}, {a("w21(2)"), a("w22(2)")}},
		[2]float64{a("b1(2)"), a("b2(2)")})
	m := regexp.MustCompile(`L = (\S+), down from (\S+)\.`).FindStringSubmatch(text)
	if m == nil {
		t.Fatal("no new loss in the text")
	}
	checkNumbers(t, "new loss", map[string]float64{"L": parseNum(t, m[1]),
		"L0": parseNum(t, m[2])}, map[string]float64{"L": next.loss, "L0": ref.loss})

	// The training table: the loss falls at every row and ends below 1e-6.
	var losses []float64
	for _, m := range regexp.MustCompile(`(?m)^ +(\d+)  (\S+e[-+]\d+)$`).
		FindAllStringSubmatch(text, -1) {
		losses = append(losses, parseNum(t, m[2]))
	}
	if len(losses) < 3 {
		t.Fatalf("got %d rows of training, want several", len(losses))
	}
	for i := 1; i < len(losses); i++ {
		if losses[i] >= losses[i-1] {
			t.Errorf("loss row %d is %v, not below the row before, %v", i, losses[i],
				losses[i-1])
		}
	}
	if last := losses[len(losses)-1]; last >= 1e-6 {
		t.Errorf("training ends at loss %v, want below 1e-6", last)
	}
}
