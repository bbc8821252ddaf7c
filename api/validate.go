package api

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameLength is the longest volume name tvol sends, in characters.
const MaxNameLength = 63

// ValidateName checks a volume name before it is sent. The simulator answers 400 on the same
// rules, so a form can explain a refusal before the server has to.
func ValidateName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("name is required")
	case !utf8.ValidString(name):
		return fmt.Errorf("name is not valid UTF-8")
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("name must not start or end with a space")
	case utf8.RuneCountInString(name) > MaxNameLength:
		return fmt.Errorf("name is %d characters long; the limit is %d", utf8.RuneCountInString(name), MaxNameLength)
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return fmt.Errorf("name contains a control or formatting character (%U)", r)
		}
	}
	return nil
}

// ValidateResource checks a resource name before it is sent.
func ValidateResource(resource string) error {
	if strings.TrimSpace(resource) == "" {
		return fmt.Errorf("resource is required")
	}
	for _, r := range resource {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return fmt.Errorf("resource %q may use only lower-case letters, digits, '-', '_' and '.'", resource)
		}
	}
	return nil
}

// ValidateSize checks a MiB count before it is sent.
func ValidateSize(mib int64) error {
	switch {
	case mib <= 0:
		return fmt.Errorf("size must be greater than zero")
	case mib > MaxSizeMiB:
		return fmt.Errorf("size %d MiB is larger than the 1 PiB this tool accepts", mib)
	}
	return nil
}

// Validate checks a whole create request.
func (r CreateVolumeRequest) Validate() error {
	if err := ValidateName(r.Name); err != nil {
		return err
	}
	if err := ValidateSize(r.SizeMiB); err != nil {
		return err
	}
	return ValidateResource(r.ResourceName)
}

// validUID reports whether a volume UID is safe to put in a path: not empty, no slashes or
// control characters. It does not insist on the vol- prefix, since servers may change it.
func validUID(uid string) error {
	if uid == "" {
		return fmt.Errorf("volume UID is empty")
	}
	for _, r := range uid {
		if r == '/' || r == '?' || r == '#' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("volume UID %q contains %q, which no UID has", uid, r)
		}
	}
	return nil
}
