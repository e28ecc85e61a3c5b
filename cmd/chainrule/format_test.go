package main

import (
	"bytes"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNum(t *testing.T) {
	tests := []struct {
		name string
		x    float64
		want string
	}{
		{"integer", 4, "4"},
		{"zero", 0, "0"},
		{"negative zero", math.Copysign(0, -1), "0"},
		{"rounds to zero", -1e-9, "0"},
		{"trailing zeros", 1.815, "1.815"},
		{"float noise", 0.1 + 0.2, "0.3"},
		{"eight decimals", 0.21787775, "0.21787775"},
		{"rounded at eight", 0.123456789, "0.12345679"},
		{"negative", -1.787775, "-1.787775"},
		{"large", 1234.5, "1234.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := num(tt.x); got != tt.want {
				t.Errorf("num(%v) = %q, want %q", tt.x, got, tt.want)
			}
		})
	}
}

func TestFactor(t *testing.T) {
	for x, want := range map[float64]string{-0.4: "(-0.4)", 0.5: "0.5", -1e-10: "0"} {
		if got := factor(x); got != want {
			t.Errorf("factor(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestPad(t *testing.T) {
	tests := []struct {
		name, s   string
		n         int
		left, rgt string
	}{
		{"ascii", "ab", 4, "  ab", "ab  "},
		{"runes count once", "∂e²", 5, "  ∂e²", "∂e²  "},
		{"too long", "abcdef", 3, "abcdef", "abcdef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := padLeft(tt.s, tt.n); got != tt.left {
				t.Errorf("padLeft(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.left)
			}
			if got := pad(tt.s, tt.n); got != tt.rgt {
				t.Errorf("pad(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.rgt)
			}
		})
	}
}

func TestMatrix(t *testing.T) {
	got := matrix([][]float64{{1, -0.25}, {10.5, 2}})
	want := []string{
		"[    1  -0.25 ]",
		"[ 10.5      2 ]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matrix lines (-want +got):\n%s", diff)
	}
}

func TestSideBySide(t *testing.T) {
	var b bytes.Buffer
	sideBySide(&b, "  ", []string{"A", "B(2) long title"},
		[]string{"[ 1 ]", "[ 2 ]"}, []string{"[ 3 ]"})
	want := "" +
		"  A         B(2) long title\n" +
		"    [ 1 ]     [ 3 ]\n" +
		"    [ 2 ]\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("sideBySide (-want +got):\n%s", diff)
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	writeTable(&b, " ", [][]string{{"p", "w11(1)"}, {"value", "-0.4"}, {"∂L/∂p", "1"}})
	want := "" +
		" p       value  ∂L/∂p\n" +
		" w11(1)   -0.4      1\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("writeTable (-want +got):\n%s", diff)
	}
}
