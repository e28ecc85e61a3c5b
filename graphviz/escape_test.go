package graphviz_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/graphviz"
)

// trickyLabels are labels that break a careless DOT writer, each with the
// reason it is here.
var trickyLabels = []struct{ label, reason string }{
	{`plain`, "no escaping at all"},
	{`say "hi"`, "quotes end a DOT string"},
	{`"`, "a lone quote"},
	{`end\`, "a trailing backslash could escape the closing quote"},
	{`\\`, "two backslashes"},
	{`\"`, "a backslash before a quote"},
	{`a\nb \l \r`, "Graphviz breaks lines at \\n, \\l, \\r"},
	{`\N \G \E \H \T \L`, "Graphviz replaces these with names"},
	{"two\nlines", "a real newline"},
	{"\n\nblank lines\n\n", "empty lines around"},
	{"crlf\r\nline", "a carriage return"},
	{"tab\there", "a tab has no glyph"},
	{"nul\x00del\x7f", "control characters"},
	{"c1 \u0085 \u009f", "C1 controls"},
	{"\ufffe\uffff", "noncharacters XML forbids"},
	{"bad \xff\xfe utf-8 \xc3", "bytes that are not UTF-8"},
	{"\ufffd", "the replacement character itself"},
	{`{a|b} <f0> [x]`, "record and port syntax"},
	{`<b>html</b>`, "HTML-like label syntax"},
	{`&amp; &lt; &#65; &#x41; &nbsp; & &x`, "entities Graphviz would decode"},
	{`node edge graph digraph subgraph strict`, "DOT keywords"},
	{`--> -> -- ; , = //`, "DOT punctuation and comments"},
	{`/* not a comment */ # nor this`, "DOT comment syntax"},
	{"  spaced  out  ", "leading, trailing and double spaces"},
	{"   ", "only spaces"},
	{"no\u00a0break", "a no-break space"},
	{"κλίση ∂y/∂x ∇ 梯度 😀", "Unicode beyond Latin-1"},
	{"שלום \u202eevil\u202c", "right-to-left text and overrides"},
	{"e\u0301 zero\u200bwidth", "combining and zero-width characters"},
	{"%s %d %v %%", "format verbs"},
	{"data 1\ngrad 2", "text that looks like the data and grad lines"},
	{strings.Repeat("long ", 60), "a long line"},
}

// labelledGraph returns y = x * k, all three labelled label, after Backward:
// a parameter, a constant and an intermediate Value.
func labelledGraph(label string) *autodiff.Value[float64] {
	x := autodiff.New(1.5).Named(label)
	k := autodiff.Const(-2.0).Named(label)
	y := x.Mul(k).Named(label)
	y.Backward()
	return y
}

// wantTexts returns the text of each node of labelledGraph(label), and of
// the graph's title, as the package documents them, keyed as parseDOT keys
// them.
func wantTexts(label string) map[string]string {
	l := visible(label)
	if l != "" {
		l += "\n"
	}
	return map[string]string{
		"graph": visible(label),
		"v0":    l + "data -3\ngrad 1",
		"o0":    "*",
		"v1":    l + "data 1.5\ngrad -2",
		"v2":    l + "data -2\nno grad",
	}
}

// checkLabel writes labelledGraph(label) with label as the title, checks what
// the model of Graphviz reads from it and, if dotPath is not "", what the
// real dot draws.
func checkLabel(t *testing.T, label, dotPath string) {
	var buf bytes.Buffer
	if err := graphviz.Write(&buf, labelledGraph(label), graphviz.Title(label)); err != nil {
		t.Fatalf("Write: %v", err)
	}
	want := wantTexts(label)
	if label == "" {
		delete(want, "graph") // no title
	}
	got := nodeLabels(parseDOT(t, buf.Bytes()))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels as Graphviz reads them (-want +got):\n%s\nDOT:\n%s", diff, &buf)
	}
	if dotPath == "" {
		return
	}

	d := parseSVG(t, runDot(t, dotPath, buf.Bytes()))
	// A title or label of empty lines only draws no text at all.
	gotLines := map[string][]string{}
	for name, lines := range d.nodes {
		gotLines[name] = lines
	}
	if d.graph != nil {
		gotLines["graph"] = d.graph
	}
	wantLines := map[string][]string{}
	for name, text := range want {
		if lines := shownLines(text); lines != nil {
			wantLines[name] = lines
		}
	}
	if diff := cmp.Diff(wantLines, gotLines); diff != "" {
		t.Errorf("text in dot's SVG (-want +got):\n%s\nDOT:\n%s", diff, &buf)
	}
}

func TestTrickyLabels(t *testing.T) {
	dotPath := lookDot(t)
	for _, tc := range trickyLabels {
		t.Run(tc.reason, func(t *testing.T) { checkLabel(t, tc.label, dotPath) })
	}
}

// TestVisibleStandIns pins the stand-ins the package documents, so that the
// model the other tests share cannot drift from the documentation.
func TestVisibleStandIns(t *testing.T) {
	tests := []struct{ label, want string }{
		{"a\tb", "a␉b"},
		{"\x00\x1b\x1f", "␀␛␟"},
		{"\x7f", "␡"},
		{"\u0085", "�"},
		{"\xff", "�"},
		{"\uffff", "�"},
		{"a\nb", "a\nb"},
		{"é 😀", "é 😀"},
	}
	for _, tc := range tests {
		if got := visible(tc.label); got != tc.want {
			t.Errorf("visible(%q) = %q, want %q", tc.label, got, tc.want)
		}
	}
}

// TestAllLabelsInOneDrawing renders every tricky label in one graph, so that
// dot also sees them side by side, and checks each node's text.
func TestAllLabelsInOneDrawing(t *testing.T) {
	dotPath := requireDot(t)
	xs := make([]*autodiff.Value[float64], len(trickyLabels))
	for i, tc := range trickyLabels {
		xs[i] = autodiff.New(float64(i)).Named(tc.label)
	}
	root := autodiff.Sum(xs...)
	root.Backward()
	var buf bytes.Buffer
	if err := graphviz.Write(&buf, root, graphviz.OpNodes(false)); err != nil {
		t.Fatalf("Write: %v", err)
	}
	d := parseSVG(t, runDot(t, dotPath, buf.Bytes()))

	// Sum's inputs are reached in order, as v1, v2, ...
	for i, tc := range trickyLabels {
		name := fmt.Sprintf("v%d", i+1)
		want := shownLines(fmt.Sprintf("%s\ndata %d\ngrad 1", visible(tc.label), i))
		if diff := cmp.Diff(want, d.nodes[name]); diff != "" {
			t.Errorf("%s, label %q (-want +got):\n%s", name, tc.label, diff)
		}
	}
}

// FuzzLabel checks that any label and title are shown exactly, by the model
// of Graphviz and, where dot is installed, by dot itself.
func FuzzLabel(f *testing.F) {
	for _, tc := range trickyLabels {
		f.Add(tc.label)
	}
	dotPath := lookDot(f)
	f.Fuzz(func(t *testing.T, label string) { checkLabel(t, label, dotPath) })
}
