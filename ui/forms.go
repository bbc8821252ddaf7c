package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"tvol/api"
)

type formKind int

const (
	formCreate formKind = iota
	formRename
	formDelete
)

// What a delete does, chosen in the form.
const (
	deleteCleanup     = "cleanup"
	deleteDeprovision = "deprovision"
	deleteRemove      = "remove"
	otherResource     = "other…"
)

// createInput is what the create form collected: plain values, safe to copy into messages.
type createInput struct {
	Name, Size, Resource, Other string
	Confirm                     bool
}

func (in createInput) resource() string {
	if in.Resource == otherResource {
		return strings.TrimSpace(in.Other)
	}
	return in.Resource
}

// request turns the answers into what is sent; the form validated each field already.
func (in createInput) request() (api.CreateVolumeRequest, error) {
	mib, err := api.ParseSize(in.Size)
	if err != nil {
		return api.CreateVolumeRequest{}, err
	}
	req := api.CreateVolumeRequest{Name: in.Name, SizeMiB: mib, ResourceName: in.resource()}
	return req, req.Validate()
}

// formModal is an open form and the answers it writes into.
type formModal struct {
	kind    formKind
	form    *huh.Form
	target  api.Volume // pinned when the key was pressed (rename, delete)
	create  *createInput
	newName *string
	choice  *string
	yes     *bool
	typed   *string
	typing  bool // the delete is confirmed by typing the name, not by y/N
	// describe rewrites the texts drawn from the answers (size preview, summary, delete
	// question) after every message the form takes. huh's own *Func texts are computed in
	// Cmds and can be drawn a frame late: a confirm must never show a stale summary.
	describe func()
}

// formKeys make esc cancel a form, as well as ctrl+c.
func formKeys() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp("esc", "cancel"))
	return km
}

func (m *Model) newForm(groups ...*huh.Group) *huh.Form {
	return huh.NewForm(groups...).
		WithKeyMap(formKeys()).
		WithTheme(m.formTheme).
		WithWidth(m.formWidth()).
		WithShowHelp(true)
}

func (m *Model) formWidth() int { return min(72, max(30, m.width-6)) }

// openModal shows a form. It is handed the window size at once: an embedded form gets no
// WindowSizeMsg of its own, and sizes its groups from one.
func (m *Model) openModal(modal *formModal) tea.Cmd {
	m.modal = modal
	modal.redescribe()
	init := modal.form.Init()
	_, sized := modal.form.Update(tea.WindowSizeMsg{Width: m.formWidth(), Height: m.bodyHeight() - 2})
	return tea.Batch(init, sized)
}

// errorNote shows why the last attempt failed, at the top of the reopened form.
func errorNote(lastErr string) *huh.Note {
	return huh.NewNote().Title("Not done: the server said").Description(lastErr)
}

// openCreateForm opens the create form, prefilled with in (after a failure, what was typed).
func (m *Model) openCreateForm(in *createInput, lastErr string) tea.Cmd {
	if in == nil {
		in = &createInput{Size: "10GiB", Resource: m.opts.Resources[0]}
	}
	answers := *in          // the form writes into its own copy
	answers.Confirm = false // a reopened form asks again
	rates := m.table.resourceRates()
	options := huh.NewOptions(append(append([]string(nil), m.opts.Resources...), otherResource)...)
	first := []huh.Field{}
	if lastErr != "" {
		first = append(first, errorNote(lastErr))
	}
	size := huh.NewInput().Title("Size").Value(&answers.Size).
		Validate(func(s string) error { _, err := api.ParseSize(s); return err })
	summary := huh.NewNote().Title("Summary")
	first = append(first,
		huh.NewInput().Title("Name").Value(&answers.Name).CharLimit(api.MaxNameLength).Validate(api.ValidateName),
		size,
		huh.NewSelect[string]().Title("Resource").Options(options...).Value(&answers.Resource),
	)
	form := m.newForm(
		huh.NewGroup(first...).Title("New volume"),
		huh.NewGroup(huh.NewInput().Title("Resource name").Value(&answers.Other).Validate(api.ValidateResource)).
			WithHideFunc(func() bool { return answers.Resource != otherResource }),
		huh.NewGroup(
			summary,
			huh.NewConfirm().WithButtonAlignment(lipgloss.Left).Title("Create this volume?").Affirmative("Create").Negative("Cancel").Value(&answers.Confirm),
		),
	)
	describe := func() {
		size.Description(sizePreview(answers.Size))
		summary.Description(createSummary(answers, rates))
	}
	return m.openModal(&formModal{kind: formCreate, form: form, create: &answers, describe: describe})
}

// sizePreview shows the MiB figure that will be sent, as the user types.
func sizePreview(s string) string {
	mib, err := api.ParseSize(s)
	if err != nil {
		return "a number with MiB, GiB or TiB; a bare number is GiB"
	}
	return fmt.Sprintf("= %d MiB (%s)", mib, api.FormatSize(mib))
}

// createSummary is the last look before sending, with the cost estimated from the fleet's
// own volumes on that resource (the API publishes no prices).
func createSummary(in createInput, rates map[string]float64) string {
	req, err := in.request()
	if err != nil {
		return "not ready: " + err.Error()
	}
	lines := fmt.Sprintf("%s · %s (%d MiB) · %s", req.Name, api.FormatSize(req.SizeMiB), req.SizeMiB, req.ResourceName)
	if rate, ok := rates[req.ResourceName]; ok {
		hourly := rate * float64(req.SizeMiB)
		return lines + fmt.Sprintf("\nestimated %s/h · %s/month (from your volumes on %s)", money(hourly), money(hourly*hoursPerMonth), req.ResourceName)
	}
	return lines + "\nno cost estimate: none of your volumes is on " + req.ResourceName + " yet"
}

// openRenameForm opens the rename form for v, prefilled with its name or what was typed.
func (m *Model) openRenameForm(v api.Volume, typed *string, lastErr string) tea.Cmd {
	if typed == nil {
		name := v.Name
		typed = &name
	}
	fields := []huh.Field{}
	if lastErr != "" {
		fields = append(fields, errorNote(lastErr))
	}
	fields = append(fields, huh.NewInput().Title("New name").Description(clean(v.UID)).Value(typed).
		CharLimit(api.MaxNameLength).Validate(api.ValidateName))
	form := m.newForm(huh.NewGroup(fields...).Title("Rename " + clean(v.Name)))
	return m.openModal(&formModal{kind: formRename, form: form, target: v, newName: typed})
}

// confirmToken is what must be typed to delete v: its name, or its UID when it has none.
func confirmToken(v api.Volume) string {
	if name := clean(v.Name); strings.TrimSpace(name) != "" {
		return name
	}
	return clean(v.UID)
}

// openDeleteForm asks what to delete, then confirms naming the volume pinned now: y/N for a
// detached volume, type-the-name for an attached one or in a protected profile.
func (m *Model) openDeleteForm(v api.Volume) tea.Cmd {
	choice, yes, typed := deleteCleanup, false, ""
	name, uid := clean(v.Name), clean(v.UID)
	pick := huh.NewSelect[string]().Title(fmt.Sprintf("Delete %s (%s)", name, uid)).Options(
		huh.NewOption("Clean up: deprovision, wait, remove the record", deleteCleanup),
		huh.NewOption("Deprovision only: tear down the storage", deleteDeprovision),
		huh.NewOption("Remove record only: storage left as it is", deleteRemove),
	).Value(&choice)
	var confirm huh.Field
	var describe func()
	typing := v.Attached() || m.opts.Protected
	if typing {
		why := "it is attached to " + clean(v.WorkloadUID)
		if !v.Attached() {
			why = "this profile is protected"
		}
		token := confirmToken(v)
		confirm = huh.NewInput().Title(fmt.Sprintf("Type %q to confirm", token)).Description(why).Value(&typed).
			Validate(func(s string) error {
				if s != token {
					return errors.New("type the name exactly, or press esc")
				}
				return nil
			})
	} else {
		question := huh.NewConfirm().WithButtonAlignment(lipgloss.Left).Affirmative("Yes").Negative("No").Value(&yes)
		describe = func() { question.Title(fmt.Sprintf("%s %s (%s)?", deleteVerb(choice), name, uid)) }
		confirm = question
	}
	form := m.newForm(huh.NewGroup(pick), huh.NewGroup(confirm))
	return m.openModal(&formModal{kind: formDelete, form: form, target: v, choice: &choice, yes: &yes, typed: &typed, typing: typing, describe: describe})
}

func deleteVerb(choice string) string {
	switch choice {
	case deleteDeprovision:
		return "Deprovision"
	case deleteRemove:
		return "Remove the record of"
	default:
		return "Clean up"
	}
}

// redescribe brings the texts drawn from the answers up to date.
func (f *formModal) redescribe() {
	if f.describe != nil {
		f.describe()
	}
}

// confirmed reports whether a completed delete form said yes.
func (f *formModal) confirmed() bool {
	if f.typing {
		return *f.typed == confirmToken(f.target)
	}
	return *f.yes
}
