// Package suggest finds the nearest known word to a mistyped one, for error messages.
package suggest

import (
	"fmt"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Nearest returns the candidate closest to word, if it is close enough to be a typo.
func Nearest(word string, candidates []string) (string, bool) {
	best, bestDist := "", len(word)/2+2
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(strings.ToLower(word), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// DidYouMean is " (did you mean "x"?)", or "" when nothing is close.
func DidYouMean(word string, candidates []string) string {
	if near, ok := Nearest(word, candidates); ok {
		return fmt.Sprintf(" (did you mean %q?)", near)
	}
	return ""
}
