package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// formDriver plays the event loop for a model holding a form: Cmds run in goroutines, as
// Bubble Tea runs them, and their messages are handed to the model one at a time on the
// test's goroutine. It lets a test look at the screen between any two messages.
type formDriver struct {
	t    *testing.T
	m    *Model
	msgs chan tea.Msg
}

func newFormDriver(t *testing.T, m *Model) *formDriver {
	// Buffered: a cursor blink answering after the test ends must not block its goroutine.
	return &formDriver{t: t, m: m, msgs: make(chan tea.Msg, 256)}
}

func (d *formDriver) start(cmd tea.Cmd) {
	if cmd != nil {
		go func() { d.msgs <- cmd() }()
	}
}

// send hands msg to the model as the event loop would, and starts what it asks for.
func (d *formDriver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.start(cmd)
}

func (d *formDriver) keys(keys ...string) {
	for _, k := range keys {
		d.send(keyPress(k))
	}
}

// until delivers messages until the screen shows want, checking every screen on the way
// with each (which may be nil). It fails after a generous bound: a condition wait.
func (d *formDriver) until(want string, each func(screen string)) {
	d.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		screen := d.m.View()
		if each != nil {
			each(screen)
		}
		if strings.Contains(screen, want) {
			return
		}
		select {
		case msg := <-d.msgs:
			d.deliver(msg)
		case <-deadline:
			d.t.Fatalf("waited for %q; the screen shows:\n%s", want, screen)
		}
	}
}

func (d *formDriver) deliver(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.start(c)
		}
	default:
		// tea.Sequence's message is unexported: a slice of Cmds, run in order.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
			cmds := make([]tea.Cmd, v.Len())
			for i := range cmds {
				cmds[i] = v.Index(i).Interface().(tea.Cmd)
			}
			go func() {
				for _, c := range cmds {
					if c != nil {
						d.msgs <- c()
					}
				}
			}()
			return
		}
		d.send(msg)
	}
}

// A form's texts drawn from its answers are current on the very screen after a keystroke,
// never a frame late: the summary above "Create this volume?" is what will be sent.
func TestCreateFormTextsFollowTheAnswersAtOnce(t *testing.T) {
	m := newSyntheticModel(t, Options{Resources: []string{"storage-rentals"}})
	m.Update(listPageMsg{gen: m.live.listGen, page: page(fleet(4))})
	d := newFormDriver(t, m)
	d.keys("n")
	d.until("┃ Name", nil)
	d.keys("v", "1", "enter")
	d.until("┃ Size", nil)

	d.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	d.keys("2", "0", "G")
	if screen := m.View(); !strings.Contains(screen, "= 20480 MiB (20 GiB)") {
		t.Fatalf("the size preview is behind what was typed:\n%s", screen)
	}
	d.keys("enter")
	d.until("┃ Resource", nil)
	d.keys("enter")
	d.until("Create this volume?", func(screen string) {
		if strings.Contains(screen, "Create this volume?") && !strings.Contains(screen, "v1 · 20 GiB (20480 MiB) · storage-rentals") {
			t.Fatalf("the confirm is shown above a summary that is not what will be sent:\n%s", screen)
		}
	})
}

// The delete question names the action chosen on the screen that first shows it.
func TestDeleteQuestionNamesTheChosenActionAtOnce(t *testing.T) {
	m := newSyntheticModel(t, Options{})
	vols := fleet(3)
	m.Update(listPageMsg{gen: m.live.listGen, page: page(vols)})
	m.Update(keyPress("down")) // vol 1: not attached, so y/N
	d := newFormDriver(t, m)
	d.keys("d")
	d.until("Clean up: deprovision", nil)
	d.keys("down")
	d.keys("enter")
	d.until("No", func(screen string) {
		if strings.Contains(screen, "(vol-000000000001)?") && !strings.Contains(screen, "Deprovision volume-00001 (vol-000000000001)?") {
			t.Fatalf("the question does not name the action chosen:\n%s", screen)
		}
	})
}
