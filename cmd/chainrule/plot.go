package main

import (
	"image"
	"image/color"
	"image/png"
	"io"
	"math"

	"github.com/chainrule/chainrule/autodiff"
	"github.com/chainrule/chainrule/nn"
)

// The size of the moons picture, in pixels.
const (
	plotWidth  = 640
	plotHeight = 480
)

// The colours of the picture, as 0xRRGGBB. Class 0 is label -1, the outer
// moon, in blue; class 1 is label +1, in orange.
const (
	backgroundColor = 0xf7f7f7
	boundaryColor   = 0x333333
	outlineColor    = 0x222222
	region0Color    = 0x9ec5e8
	region1Color    = 0xf9c08f
	point0Color     = 0x1f6fb4
	point1Color     = 0xe6550d
)

// pointRadius is the radius of a data point's dot, in pixels.
const pointRadius = 5

// view maps the plane to the pixels of a picture of width w and height h,
// at the same scale on both axes, y pointing up.
type view struct {
	cx, cy float64 // the point at the centre of the picture
	scale  float64 // units of the plane per pixel
	w, h   int
}

// newView returns a view of width w and height h that shows every point of
// x with a margin around them.
func newView(x [][]float64, w, h int) view {
	const margin = 0.3
	minX, maxX := math.Inf(1), math.Inf(-1)
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, p := range x {
		minX, maxX = min(minX, p[0]), max(maxX, p[0])
		minY, maxY = min(minY, p[1]), max(maxY, p[1])
	}
	if len(x) == 0 {
		minX, maxX, minY, maxY = -1, 1, -1, 1
	}
	spanX := maxX - minX + 2*margin
	spanY := maxY - minY + 2*margin
	return view{
		cx: (minX + maxX) / 2, cy: (minY + maxY) / 2,
		scale: max(spanX/float64(w), spanY/float64(h)),
		w:     w, h: h,
	}
}

// plane returns the point of the plane at the centre of pixel (px, py).
func (v view) plane(px, py int) (float64, float64) {
	return v.cx + (float64(px)+0.5-float64(v.w)/2)*v.scale,
		v.cy - (float64(py)+0.5-float64(v.h)/2)*v.scale
}

// pixel returns the pixel that the point (x, y) of the plane falls in.
func (v view) pixel(x, y float64) (int, int) {
	return int(math.Floor((x-v.cx)/v.scale + float64(v.w)/2)),
		int(math.Floor(-(y-v.cy)/v.scale + float64(v.h)/2))
}

// plotBoundary draws m's decision over the plane as a picture of width w
// and height h: each pixel tinted by the class m gives it, stronger where m
// is more certain, the boundary where the score changes sign as a dark line,
// and the points x as dots coloured by their labels y.
func plotBoundary(m *nn.MLP[float64], x [][]float64, y []float64, w, h int) *image.RGBA {
	v := newView(x, w, h)

	score := scores(m, v)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for py := range h {
		for px := range w {
			s := score[py*w+px]
			tint := rgb(region0Color)
			if class(s) == 1 {
				tint = rgb(region1Color)
			}
			c := blend(rgb(backgroundColor), tint, 0.35+0.65*math.Tanh(math.Abs(s)))
			if (px+1 < w && class(score[py*w+px+1]) != class(s)) ||
				(py+1 < h && class(score[(py+1)*w+px]) != class(s)) {
				c = rgb(boundaryColor)
			}
			img.SetRGBA(px, py, c)
		}
	}

	for i, p := range x {
		fill := rgb(point0Color)
		if class(y[i]) == 1 {
			fill = rgb(point1Color)
		}
		cx, cy := v.pixel(p[0], p[1])
		for dy := -pointRadius; dy <= pointRadius; dy++ {
			for dx := -pointRadius; dx <= pointRadius; dx++ {
				r := math.Hypot(float64(dx), float64(dy))
				switch {
				case r <= pointRadius-1.5:
					img.SetRGBA(cx+dx, cy+dy, fill)
				case r <= pointRadius:
					img.SetRGBA(cx+dx, cy+dy, rgb(outlineColor))
				}
			}
		}
	}
	return img
}

// gridCell is the spacing, in pixels, of the points where plotBoundary
// runs the network; between them it interpolates. The network is piecewise
// linear, so the picture looks the same as with a pass per pixel, at a
// sixteenth of the cost.
const gridCell = 4

// scores returns m's score at every pixel of v, row by row, interpolated
// bilinearly between the passes of the network on a grid of gridCell pixels.
func scores(m *nn.MLP[float64], v view) []float64 {
	// One Graph, reset before each pass, makes the tens of thousands of
	// passes allocate almost nothing.
	g := autodiff.NewGraph[float64]()
	in := make([]*autodiff.Value[float64], 2)
	gw, gh := (v.w-1)/gridCell+2, (v.h-1)/gridCell+2
	grid := make([]float64, gw*gh)
	for gy := range gh {
		for gx := range gw {
			g.Reset()
			a, b := v.plane(gx*gridCell, gy*gridCell)
			in[0], in[1] = g.Const(a), g.Const(b)
			grid[gy*gw+gx] = m.Forward(in)[0].Data()
		}
	}

	score := make([]float64, v.w*v.h)
	for py := range v.h {
		gy, ty := py/gridCell, float64(py%gridCell)/gridCell
		for px := range v.w {
			gx, tx := px/gridCell, float64(px%gridCell)/gridCell
			top := lerp(grid[gy*gw+gx], grid[gy*gw+gx+1], tx)
			bottom := lerp(grid[(gy+1)*gw+gx], grid[(gy+1)*gw+gx+1], tx)
			score[py*v.w+px] = lerp(top, bottom, ty)
		}
	}
	return score
}

// lerp returns the number t of the way from a to b.
func lerp(a, b, t float64) float64 { return a + t*(b-a) }

// class returns 1 for a positive score or label and 0 otherwise, the index
// of its colours.
func class(s float64) int {
	if s > 0 {
		return 1
	}
	return 0
}

// rgb returns the opaque colour 0xRRGGBB.
func rgb(c uint32) color.RGBA {
	return color.RGBA{uint8(c >> 16), uint8(c >> 8), uint8(c), 0xff}
}

// blend returns the colour t of the way from a to b, for t in [0, 1].
func blend(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 {
		return uint8(math.Round(lerp(float64(x), float64(y), t)))
	}
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// encodePNG writes img to w as PNG.
func encodePNG(w io.Writer, img image.Image) error {
	return png.Encode(w, img)
}
