package graphviz_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graphviz"
)

// firstLines returns the first line of each node's label, by node name.
func firstLines(t *testing.T, dot []byte) map[string]string {
	t.Helper()
	lines := map[string]string{}
	for name, l := range nodeLabels(parseDOT(t, dot)) {
		if name != "graph" {
			lines[name], _, _ = strings.Cut(l, "\n")
		}
	}
	return lines
}

func TestVisitOrder(t *testing.T) {
	a, b, c := autodiff.New(1.0).Named("a"), autodiff.New(2.0).Named("b"),
		autodiff.New(3.0).Named("c")
	ab := a.Mul(b).Named("ab")
	bc := b.Mul(c).Named("bc")
	y := ab.Add(bc).Named("y")

	// A depth-first walk from y, inputs in order, names each Value when it
	// first reaches it: b is reached below ab, so bc only adds c.
	want := map[string]string{
		"v0": "y", "v1": "ab", "v2": "a", "v3": "b", "v4": "bc", "v5": "c",
		"o0": "+", "o1": "*", "o4": "*",
	}
	var buf bytes.Buffer
	if err := graphviz.Write(&buf, y); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if diff := cmp.Diff(want, firstLines(t, buf.Bytes())); diff != "" {
		t.Errorf("node names (-want +got):\n%s", diff)
	}
}

func TestEdges(t *testing.T) {
	a := autodiff.New(2.0).Named("a")
	tests := []struct {
		name string
		root *value
		opts []graphviz.Option
		want []string
	}{
		{"square", a.Mul(a), nil, []string{"v1 -> o0", "v1 -> o0", "o0 -> v0"}},
		{"square without ops", a.Mul(a), []graphviz.Option{graphviz.OpNodes(false)},
			[]string{"v1 -> v0", "v1 -> v0"}},
		{"a - a", a.Sub(a), nil,
			[]string{`v1 -> o0 label="1"`, `v1 -> o0 label="2"`, "o0 -> v0"}},
		{"leaf", a, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := graphviz.Write(&buf, tc.root, tc.opts...); err != nil {
				t.Fatalf("Write: %v", err)
			}
			var got []string
			for _, s := range parseDOT(t, buf.Bytes()) {
				if !strings.Contains(s.name, " -> ") {
					continue
				}
				if l, ok := s.attrs["label"]; ok {
					s.name += fmt.Sprintf(" label=%q", l)
				}
				got = append(got, s.name)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
		})
	}
}

// chain returns x.Neg().Neg()... with n Values in all.
func chain(n int) *value {
	v := autodiff.New(1.0)
	for range n - 1 {
		v = v.Neg()
	}
	return v
}

func TestDeepGraph(t *testing.T) {
	// A recursive walk of this chain would need some 20 MB of stack or more;
	// with the limit lowered to 4 MB it would crash the test.
	const n = 200_000
	defer debug.SetMaxStack(debug.SetMaxStack(4 << 20))
	var buf bytes.Buffer
	if err := graphviz.Write(&buf, chain(n), graphviz.MaxNodes(2*n)); err != nil {
		t.Fatalf("Write: %v", err)
	}
	for _, want := range []string{"\tv0 [", fmt.Sprintf("\tv%d [", n-1)} {
		if !bytes.Contains(buf.Bytes(), []byte(want)) {
			t.Errorf("DOT of a chain of %d Values lacks %q", n, want)
		}
	}
	if bytes.Contains(buf.Bytes(), []byte(fmt.Sprintf("\tv%d [", n))) {
		t.Errorf("DOT of a chain of %d Values has a node v%d", n, n)
	}
}

func TestTooLarge(t *testing.T) {
	// Shared inputs count once: p, q, k and six ops, each using one again.
	p, q, k := autodiff.New(1.0), autodiff.New(2.0), autodiff.Const(3.0)
	shared := p.Mul(p).Add(q).Mul(q).Add(k).Mul(k).Add(p)
	// A chain of n Values has n-1 ops, so its drawing has 2n-1 nodes.
	const d = graphviz.DefaultMaxNodes
	limit := graphviz.MaxNodes
	tests := []struct {
		name    string
		root    *value
		opts    []graphviz.Option
		wantErr *graphviz.TooLargeError
	}{
		{"at the limit", chain(10), []graphviz.Option{limit(19)}, nil},
		{"one over", chain(10), []graphviz.Option{limit(18)},
			&graphviz.TooLargeError{Nodes: 19, Values: 10, Limit: 18}},
		{"far over", chain(5000), []graphviz.Option{limit(3)},
			&graphviz.TooLargeError{Nodes: 9999, Values: 5000, Limit: 3}},
		{"default limit", chain(d / 2), nil, nil},
		{"over the default", chain(d/2 + 1), nil,
			&graphviz.TooLargeError{Nodes: d + 1, Values: d/2 + 1, Limit: d}},
		{"without ops", chain(10), []graphviz.Option{graphviz.OpNodes(false), limit(10)}, nil},
		{"without ops, over", chain(10), []graphviz.Option{graphviz.OpNodes(false), limit(9)},
			&graphviz.TooLargeError{Nodes: 10, Values: 10, Limit: 9}},
		{"shared inputs", shared, []graphviz.Option{limit(14)},
			&graphviz.TooLargeError{Nodes: 15, Values: 9, Limit: 14}},
		{"last option wins", chain(10), []graphviz.Option{limit(18), limit(19)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := graphviz.Write(&buf, tc.root, tc.opts...)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("got %v, want nil", err)
				}
				return
			}
			var got *graphviz.TooLargeError
			if !errors.As(err, &got) {
				t.Fatalf("got %v, want a *TooLargeError", err)
			}
			if diff := cmp.Diff(tc.wantErr, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			msg := err.Error()
			raise := fmt.Sprintf("graphviz.MaxNodes(%d)", tc.wantErr.Nodes)
			for _, want := range []string{"graphviz: ", fmt.Sprint(tc.wantErr.Values), raise} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes along with the error, want none", buf.Len())
			}
		})
	}
}

func BenchmarkWriteChain(b *testing.B) {
	root := chain(graphviz.DefaultMaxNodes / 2)
	b.ReportAllocs()
	for b.Loop() {
		if err := graphviz.Write(io.Discard, root); err != nil {
			b.Fatal(err)
		}
	}
}
