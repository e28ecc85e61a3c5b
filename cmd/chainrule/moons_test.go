package main

import (
	"bytes"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestMoonsDefaults checks what the defaults promise: 100% accuracy on the
// training points after the default number of steps from the default seed.
func TestMoonsDefaults(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for the full default number of steps")
	}
	rng := rand.New(rand.NewPCG(defaultSeed, defaultSeed))
	reports := 0
	_, x, y, final := trainMoons(rng, defaultSteps, func(moonsResult) { reports++ })
	if len(x) != moonsPoints || len(y) != moonsPoints {
		t.Fatalf("%d points and %d labels, want %d", len(x), len(y), moonsPoints)
	}
	if reports != defaultSteps {
		t.Errorf("%d reports, want one per step, %d", reports, defaultSteps)
	}
	if final.correct != final.n {
		t.Errorf("accuracy %d of %d after %d steps from seed %d, want all", final.correct,
			final.n, defaultSteps, defaultSeed)
	}
}

func TestRunMoons(t *testing.T) {
	run := func(tty bool, png string) string {
		var b bytes.Buffer
		c := moonsConfig{seed: 7, steps: 12, png: png, tty: tty}
		if err := runMoons(&b, c); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	pngPath := filepath.Join(t.TempDir(), "m.png")
	plain := run(false, pngPath)

	t.Run("plain", func(t *testing.T) {
		// Drawing again would be slow under the race detector: compare the
		// text of a second run without a picture.
		again := run(false, "")
		if want := plain[:strings.LastIndex(plain, "The decision")]; again != want {
			t.Errorf("two runs differ:\n%s\n---\n%s", want, again)
		}
		steps := regexp.MustCompile(`(?m)^step +(\d+)/12  loss \d+\.\d{4}  accuracy +\d+%$`).
			FindAllStringSubmatch(plain, -1)
		if len(steps) != 2 || steps[0][1] != "10" || steps[1][1] != "12" {
			t.Errorf("progress lines %q, want steps 10 and 12", steps)
		}
		for _, want := range []string{"seed 7", "Trained: loss ", "drawn in " + pngPath} {
			if !strings.Contains(plain, want) {
				t.Errorf("output lacks %q:\n%s", want, plain)
			}
		}
		if strings.Contains(plain, "\r") {
			t.Error("plain output redraws lines")
		}
	})

	t.Run("png", func(t *testing.T) {
		f, err := os.Open(pngPath)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatalf("decoding %s: %v", pngPath, err)
		}
		if got := img.Bounds().Size(); got.X != plotWidth || got.Y != plotHeight {
			t.Errorf("picture of %v, want %d×%d", got, plotWidth, plotHeight)
		}
	})

	t.Run("terminal", func(t *testing.T) {
		out := run(true, "")
		if got := strings.Count(out, "\r["); got != 12 {
			t.Errorf("the bar is drawn %d times, want once per step, 12", got)
		}
		if !strings.Contains(out, "\r"+bar(12, 12, 30)+" step 12/12") {
			t.Errorf("no full bar at the end:\n%q", out)
		}
		if strings.Contains(out, "drawn in") {
			t.Error("a picture is drawn with no file name")
		}
	})
}

func TestBar(t *testing.T) {
	tests := []struct {
		done, total, width int
		want               string
	}{
		{0, 10, 5, "[.....]"},
		{5, 10, 4, "[##..]"},
		{10, 10, 3, "[###]"},
		{1, 3, 10, "[###.......]"},
	}
	for _, tt := range tests {
		if got := bar(tt.done, tt.total, tt.width); got != tt.want {
			t.Errorf("bar(%d, %d, %d) = %q, want %q", tt.done, tt.total, tt.width, got,
				tt.want)
		}
	}
}
