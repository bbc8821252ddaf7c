package ui

import (
	"errors"
	"fmt"

	"github.com/aymanbagabas/go-osc52/v2"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"tvol/api"
)

// handleMsg takes the messages the root model owns; it reports false for anything else
// (which then goes to an open form).
func (m *Model) handleMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listPageMsg:
		return m.onListPage(msg), true
	case listTickMsg:
		return m.onListTick(msg), true
	case searchDoneMsg:
		return m.onSearchDone(msg), true
	case stateTickMsg:
		return m.onStateTick(msg), true
	case statesMsg:
		return m.onStates(msg), true
	case spinner.TickMsg:
		return m.onSpinner(msg), true
	case clockMsg:
		m.table.hasMarks(m.common.now()) // forget expired marks
		return m.opts.Schedule(clockEvery, clockMsg{}), true
	case selectSettledMsg:
		if msg.seq != m.selectSeq {
			return nil, true
		}
		return m.loadEvents(), true
	case eventsMsg:
		if msg.req == m.eventsReq {
			m.events.Apply(msg)
		}
		return nil, true
	case createdMsg:
		return m.onCreated(msg), true
	case renamedMsg:
		return m.onRenamed(msg), true
	case deleteStepMsg:
		return m.onDeleteStep(msg), true
	case cleanupPollMsg:
		return m.pollCleanup(msg), true
	case copiedMsg:
		if msg.err != nil {
			m.setStatus("could not copy: "+msg.err.Error(), true)
		} else {
			m.setStatus("copied "+msg.uid+" to the clipboard", false)
		}
		return nil, true
	}
	return nil, false
}

// updateModal gives a message to the open form and acts when it completes or is cancelled.
func (m *Model) updateModal(msg tea.Msg) tea.Cmd {
	model, cmd := m.modal.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		m.modal.form = f
	}
	m.modal.redescribe()
	switch m.modal.form.State {
	case huh.StateAborted:
		m.modal = nil
		m.setStatus("cancelled: nothing was sent", false)
		return nil
	case huh.StateCompleted:
		modal := m.modal
		m.modal = nil
		switch modal.kind {
		case formCreate:
			return m.submitCreate(modal)
		case formRename:
			return m.submitRename(modal)
		case formDelete:
			return m.submitDelete(modal)
		}
	}
	return cmd
}

func (m *Model) startCreate() tea.Cmd {
	if m.creating {
		m.setStatus("a create is already on its way: wait for its answer", true)
		return nil
	}
	return m.openCreateForm(nil, "")
}

// submitCreate sends the create once. POST is not idempotent: it is never re-sent on its own.
func (m *Model) submitCreate(modal *formModal) tea.Cmd {
	in := *modal.create
	if !in.Confirm {
		m.setStatus("not created: nothing was sent", false)
		return nil
	}
	req, err := in.request()
	if err != nil {
		return m.openCreateForm(&in, err.Error())
	}
	m.creating = true
	m.setStatus(fmt.Sprintf("creating %s…", clean(req.Name)), false)
	m.opts.Logger.Info("create submitted", "name", req.Name, "size_mib", req.SizeMiB, "resource", req.ResourceName)
	client, ctx, id := m.opts.Client, m.ctx, m.nextRequest()
	return func() tea.Msg {
		op, err := client.CreateVolume(ctx, req)
		return createdMsg{req: id, op: op, in: in, err: err}
	}
}

// answerLost reports whether the server may have acted although no good answer came back:
// then the request must not be re-sent blindly; the next refresh shows what happened.
func answerLost(err error) bool {
	var netErr *api.NetworkError
	var decodeErr *api.DecodeError
	var apiErr *api.APIError
	return errors.As(err, &netErr) || errors.As(err, &decodeErr) || (errors.As(err, &apiErr) && apiErr.StatusCode >= 500)
}

func (m *Model) onCreated(msg createdMsg) tea.Cmd {
	m.creating = false
	m.logResult("create answered", msg.op.UID, msg.err)
	name := clean(msg.in.Name)
	if msg.err != nil {
		if answerLost(msg.err) {
			m.unsure = &unsureAction{what: "creating " + name, name: msg.in.Name}
			m.setStatus(fmt.Sprintf("no clear answer to creating %s (%s); not re-sent: refreshing to see whether it exists",
				name, describeError(msg.err, m.opts.Profile)), true)
			return m.startWalk()
		}
		in := msg.in
		return m.openCreateForm(&in, describeError(msg.err, m.opts.Profile))
	}
	req, _ := msg.in.request()
	now := m.common.now()
	vol := api.Volume{UID: msg.op.UID, Name: req.Name, SizeMiB: req.SizeMiB, ResourceName: req.ResourceName,
		State: msg.op.State, CreatedAt: api.At(now), UpdatedAt: api.At(now)}
	if rate, ok := m.table.pricePerMiBHour(req.ResourceName); ok {
		vol.CostPerHour = rate * float64(req.SizeMiB)
	}
	m.table.Upsert(vol, now)
	m.table.cursorUID = vol.UID
	m.table.relocateCursor()
	m.setStatus(fmt.Sprintf("created %s (%s)", name, clean(vol.UID)), false)
	return tea.Batch(m.selectionChanged(), m.ensureStateLoop(), m.ensureSpinner())
}

func (m *Model) startRename() tea.Cmd {
	v, ok := m.table.Selected()
	if !ok {
		return nil
	}
	if m.renaming[v.UID] {
		m.setStatus("a rename of this volume is already on its way", true)
		return nil
	}
	return m.openRenameForm(v, nil, "")
}

func (m *Model) submitRename(modal *formModal) tea.Cmd {
	name, target := *modal.newName, modal.target
	if name == target.Name {
		m.setStatus("name unchanged: nothing was sent", false)
		return nil
	}
	m.renaming[target.UID] = true
	m.opts.Logger.Info("rename submitted", "uid", target.UID, "name", name)
	m.setStatus(fmt.Sprintf("renaming %s to %s…", clean(target.Name), clean(name)), false)
	client, ctx, id := m.opts.Client, m.ctx, m.nextRequest()
	return func() tea.Msg {
		updated, err := client.RenameVolume(ctx, target.UID, name)
		return renamedMsg{req: id, uid: target.UID, name: name, updated: updated, err: err}
	}
}

func (m *Model) onRenamed(msg renamedMsg) tea.Cmd {
	delete(m.renaming, msg.uid)
	m.logResult("rename answered", msg.uid, msg.err)
	target, known := m.table.Lookup(msg.uid)
	if msg.err != nil {
		if answerLost(msg.err) || !known {
			m.unsure = &unsureAction{what: "renaming " + clean(target.Name), name: msg.name, uid: msg.uid}
			m.setStatus(fmt.Sprintf("no clear answer to renaming %s (%s); not re-sent: refreshing", clean(msg.uid),
				describeError(msg.err, m.opts.Profile)), true)
			return m.startWalk()
		}
		typed := msg.name
		return m.openRenameForm(target, &typed, describeError(msg.err, m.opts.Profile))
	}
	updated := msg.updated
	if updated.UID != msg.uid { // a server that answered without the record: keep ours, renamed
		updated = target
		updated.Name = msg.name
	}
	m.table.Upsert(updated, m.common.now())
	m.setStatus(fmt.Sprintf("renamed to %s", clean(msg.name)), false)
	return m.selectionChanged()
}

func (m *Model) copySelectedUID() tea.Cmd {
	v, ok := m.table.Selected()
	if !ok {
		return nil
	}
	if m.opts.Clipboard == nil {
		m.setStatus("copying is off: no terminal to send it to", true)
		return nil
	}
	seq := osc52.New(v.UID)
	if m.opts.InTmux {
		seq = seq.Tmux()
	}
	out, uid := m.opts.Clipboard, v.UID
	return func() tea.Msg {
		_, err := seq.WriteTo(out)
		return copiedMsg{uid: uid, err: err}
	}
}

// logResult records how an action ended, for --debug-log.
func (m *Model) logResult(what, uid string, err error) {
	if err != nil {
		m.opts.Logger.Warn(what, "uid", uid, "error", err.Error())
		return
	}
	m.opts.Logger.Info(what, "uid", uid)
}

// unsureAction is a create or rename whose answer was lost: it may or may not have happened.
// The user is told which once a refresh shows it, and reminded until then.
type unsureAction struct {
	what string // "creating x", for messages
	name string // the name it would have now
	uid  string // the renamed volume; "" for a create
}

// outcome says what the list shows about the action.
func (u *unsureAction) outcome(t *volumeTable) string {
	done := false
	if u.uid != "" {
		v, ok := t.Lookup(u.uid)
		done = ok && v.Name == u.name
	} else {
		for i := range t.rows {
			done = done || t.rows[i].vol.Name == u.name
		}
	}
	if done {
		return fmt.Sprintf("%s did go through: the list shows %s", u.what, clean(u.name))
	}
	return fmt.Sprintf("%s did not go through: the list does not show %s; nothing was re-sent", u.what, clean(u.name))
}
