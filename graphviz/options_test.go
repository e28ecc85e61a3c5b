package graphviz_test

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graphviz"
)

func TestPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"nil root", func() { graphviz.Write[float64](&bytes.Buffer{}, nil) }},
		{"Direction(4)", func() { graphviz.Direction(4) }},
		{"Numbers('d', 2)", func() { graphviz.Numbers('d', 2) }},
		{"Numbers('g', -2)", func() { graphviz.Numbers('g', -2) }},
		{"MaxNodes(0)", func() { graphviz.MaxNodes(0) }},
		{"MaxNodes(-1)", func() { graphviz.MaxNodes(-1) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "graphviz: ") {
					t.Errorf("got panic %q, want one starting with \"graphviz: \"", msg)
				}
			}()
			tc.f()
		})
	}
}

// rootLines returns the label of v0, the root, as lines.
func rootLines(t *testing.T, dot []byte) []string {
	t.Helper()
	return strings.Split(nodeLabels(parseDOT(t, dot))["v0"], "\n")
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name     string
		x        float64
		opts     []graphviz.Option
		wantData string
	}{
		{"default, short", 0.5, nil, "data 0.5"},
		{"default, four digits", math.Pi, nil, "data 3.142"},
		{"default, large", 1234567, nil, "data 1.235e+06"},
		{"default, negative zero", math.Copysign(0, -1), nil, "data -0"},
		{"default, NaN", math.NaN(), nil, "data NaN"},
		{"default, -Inf", math.Inf(-1), nil, "data -Inf"},
		{"fixed", math.Pi, []graphviz.Option{graphviz.Numbers('f', 2)}, "data 3.14"},
		{"exponent", math.Pi, []graphviz.Option{graphviz.Numbers('e', 1)}, "data 3.1e+00"},
		{"shortest exact", 0.1, []graphviz.Option{graphviz.Numbers('g', -1)}, "data 0.1"},
		{"all digits", math.Pi, []graphviz.Option{graphviz.Numbers('g', 17)},
			"data 3.1415926535897931"},
		{"hex", 1, []graphviz.Option{graphviz.Numbers('x', -1)}, "data 0x1p+00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := graphviz.Write(&buf, autodiff.New(tc.x), tc.opts...); err != nil {
				t.Fatalf("Write: %v", err)
			}
			if got := rootLines(t, buf.Bytes())[0]; got != tc.wantData {
				t.Errorf("got %q, want %q", got, tc.wantData)
			}
		})
	}
}

func TestFloat32(t *testing.T) {
	// 0.1 as a float32 is 0.100000001490116...; written at float32's own
	// precision it is 0.1, and at float64's it would show all those digits.
	x := autodiff.New[float32](0.1).Named("x")
	y := x.Mul(autodiff.Const[float32](3)).Named("y")
	y.Backward()
	var buf bytes.Buffer
	if err := graphviz.Write(&buf, y, graphviz.Numbers('g', -1)); err != nil {
		t.Fatalf("Write: %v", err)
	}
	want := map[string]string{
		"v0": "y\ndata 0.3\ngrad 1",
		"o0": "*",
		"v1": "x\ndata 0.1\ngrad 3",
		"v2": "data 3\nno grad",
	}
	if diff := cmp.Diff(want, nodeLabels(parseDOT(t, buf.Bytes()))); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
}

func TestDirection(t *testing.T) {
	tests := []struct {
		opts []graphviz.Option
		want string
	}{
		{nil, "LR"},
		{[]graphviz.Option{graphviz.Direction(graphviz.LeftToRight)}, "LR"},
		{[]graphviz.Option{graphviz.Direction(graphviz.TopToBottom)}, "TB"},
		{[]graphviz.Option{graphviz.Direction(graphviz.RightToLeft)}, "RL"},
		{[]graphviz.Option{graphviz.Direction(graphviz.BottomToTop)}, "BT"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			var buf bytes.Buffer
			if err := graphviz.Write(&buf, autodiff.New(1.0), tc.opts...); err != nil {
				t.Fatalf("Write: %v", err)
			}
			var got string
			for _, s := range parseDOT(t, buf.Bytes()) {
				if s.name == "graph" {
					got = s.attrs["rankdir"]
				}
			}
			if got != tc.want {
				t.Errorf("got rankdir %q, want %q", got, tc.want)
			}
		})
	}
}

func TestOpNodes(t *testing.T) {
	x := autodiff.New(2.0).Named("x")
	y := x.Tanh().Named("y")
	tests := []struct {
		draw bool
		want map[string]string
	}{
		{true, map[string]string{
			"v0": "y\ndata 0.964\ngrad 0.000", "o0": "tanh",
			"v1": "x\ndata 2.000\ngrad 0.000",
		}},
		{false, map[string]string{
			"v0": "y\nop tanh\ndata 0.964\ngrad 0.000", "v1": "x\ndata 2.000\ngrad 0.000",
		}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.draw), func(t *testing.T) {
			var buf bytes.Buffer
			err := graphviz.Write(&buf, y, graphviz.OpNodes(tc.draw), graphviz.Numbers('f', 3))
			if err != nil {
				t.Fatalf("Write: %v", err)
			}
			if diff := cmp.Diff(tc.want, nodeLabels(parseDOT(t, buf.Bytes()))); diff != "" {
				t.Errorf("labels (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	tests := []struct {
		name, title string
		want        map[string]string // label and labelloc of the graph
	}{
		{"none", "", map[string]string{}},
		{"two lines", "loss\nstep \"3\"",
			map[string]string{"labelloc": "t", "label": "loss\nstep \"3\""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := graphviz.Write(&buf, autodiff.New(1.0), graphviz.Title(tc.title))
			if err != nil {
				t.Fatalf("Write: %v", err)
			}
			got := map[string]string{}
			for _, s := range parseDOT(t, buf.Bytes()) {
				for _, key := range []string{"label", "labelloc"} {
					if v, ok := s.attrs[key]; ok && s.name == "graph" {
						got[key] = v
					}
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("graph attributes (-want +got):\n%s", diff)
			}
		})
	}
}
