package main

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/chainrule/chainrule/nn"
)

func TestView(t *testing.T) {
	x := [][]float64{{-1, -0.5}, {2, 1}}
	v := newView(x, 200, 100)
	for _, p := range x {
		px, py := v.pixel(p[0], p[1])
		if px < 0 || px >= v.w || py < 0 || py >= v.h {
			t.Errorf("point %v falls on pixel (%d, %d), outside the picture", p, px, py)
		}
	}
	for _, px := range []int{0, 17, 199} {
		for _, py := range []int{0, 50, 99} {
			a, b := v.plane(px, py)
			if gx, gy := v.pixel(a, b); gx != px || gy != py {
				t.Errorf("pixel (%d, %d) maps back to (%d, %d)", px, py, gx, gy)
			}
		}
	}
	// y points up: a higher point is on an earlier row.
	_, top := v.pixel(0, 1)
	_, bottom := v.pixel(0, -0.5)
	if top >= bottom {
		t.Errorf("y = 1 is on row %d, y = -0.5 on row %d: y does not point up", top, bottom)
	}
}

// linearNet returns a network of one linear neuron whose score is
// wx·x + wy·y + b.
func linearNet(wx, wy, b float64) *nn.MLP[float64] {
	m := nn.NewMLP[float64](rand.New(rand.NewPCG(1, 1)), 2, []int{1})
	m.Layers[0].Set([][]float64{{wx, wy}}, []float64{b})
	return m
}

// TestScores checks the interpolated scores against a pass per pixel: for
// a linear network, bilinear interpolation is exact.
func TestScores(t *testing.T) {
	m := linearNet(0.7, -1.3, 0.2)
	v := newView([][]float64{{-1, -1}, {1, 1}}, 37, 23)
	got := scores(m, v)
	for py := range v.h {
		for px := range v.w {
			a, b := v.plane(px, py)
			want := m.Predict([]float64{a, b})[0]
			if g := got[py*v.w+px]; math.Abs(g-want) > 1e-12 {
				t.Fatalf("score at (%d, %d) = %v, want %v", px, py, g, want)
			}
		}
	}
}

// TestPlotBoundary draws the boundary x = 0.5 of a linear network and
// checks the colours on either side, on the line and at the points.
func TestPlotBoundary(t *testing.T) {
	m := linearNet(1, 0, -0.5) // positive, class 1, right of x = 0.5
	x := [][]float64{{-0.5, 0}, {1.5, 0}}
	y := []float64{-1, 1}
	img := plotBoundary(m, x, y, 120, 80)
	v := newView(x, 120, 80)

	bx, _ := v.pixel(0.5, 0)
	p0x, p0y := v.pixel(-0.5, 0)
	p1x, p1y := v.pixel(1.5, 0)
	tests := []struct {
		name   string
		px, py int
		want   color.RGBA
	}{
		{"point of class -1", p0x, p0y, rgb(point0Color)},
		{"point of class +1", p1x, p1y, rgb(point1Color)},
		{"boundary", bx - 1, 5, rgb(boundaryColor)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := img.RGBAAt(tt.px, tt.py)
			if got != tt.want {
				t.Errorf("pixel (%d, %d) is %v, want %v", tt.px, tt.py, got, tt.want)
			}
		})
	}

	// Away from the line, each side has its class's tint: more blue on the
	// left, more orange on the right.
	left, right := img.RGBAAt(2, 5), img.RGBAAt(117, 5)
	if !(left.B > left.R && right.R > right.B) {
		t.Errorf("left %v should be blue and right %v orange", left, right)
	}

	var b bytes.Buffer
	if err := encodePNG(&b, img); err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(&b)
	if err != nil {
		t.Fatalf("decoding the PNG: %v", err)
	}
	if got := back.Bounds().Size(); got.X != 120 || got.Y != 80 {
		t.Errorf("PNG of %v pixels, want 120×80", got)
	}
}
