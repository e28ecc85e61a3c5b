//go:build race

package autodiff_test

// raceEnabled makes the heaviest tests smaller under the race detector, which
// slows memory-bound code tenfold.
const raceEnabled = true
