package autodiff_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chainrule/chainrule/autodiff"
)

// TestCheckGradientReportsMismatches feeds the checker a function whose graph
// lies about its derivative: on its first call, the one Backward runs on, it
// scales y by 2, and on every later call by 3.
func TestCheckGradientReportsMismatches(t *testing.T) {
	calls := 0
	f := func(x []*autodiff.Value[float64]) *autodiff.Value[float64] {
		calls++
		k := 3.0
		if calls == 1 {
			k = 2
		}
		x[1].Named("y")
		return x[0].Mul(x[0]).Add(x[1].Mul(autodiff.Const(k)))
	}
	err := autodiff.CheckGradient(f, []float64{1.5, 4}, autodiff.Tolerance{})
	var ge *autodiff.GradientError
	if !errors.As(err, &ge) {
		t.Fatalf("got error %v, want a *GradientError", err)
	}
	want := []autodiff.Mismatch{{Index: 1, Label: "y", Analytic: 2, Numeric: 3}}
	if diff := cmp.Diff(want, ge.Mismatches, cmpopts.EquateApprox(0, 1e-8)); diff != "" {
		t.Errorf("mismatches (-want +got):\n%s", diff)
	}
	for _, s := range []string{"1 of 2 inputs", "y: analytic 2, numeric 3"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
	if calls != 9 {
		t.Errorf("f was called %d times, want 4*2+1", calls)
	}
}

func TestCheckGradientTolerance(t *testing.T) {
	// A numeric gradient is only as good as its step: at a large step the
	// curvature of e^x shows, and a tight tolerance must notice it.
	exp := func(x []*autodiff.Value[float64]) *autodiff.Value[float64] {
		return x[0].Exp()
	}
	tests := []struct {
		name string
		tol  autodiff.Tolerance
		ok   bool
	}{
		{"defaults", autodiff.Tolerance{}, true},
		{"coarse step, tight tolerance",
			autodiff.Tolerance{Step: 0.5, Abs: 1e-9, Rel: 1e-9}, false},
		{"coarse step, loose tolerance",
			autodiff.Tolerance{Step: 0.5, Abs: 0.01, Rel: 1e-9}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := autodiff.CheckGradient(exp, []float64{1}, tt.tol)
			if (err == nil) != tt.ok {
				t.Errorf("got error %v, want ok = %v", err, tt.ok)
			}
		})
	}
}
