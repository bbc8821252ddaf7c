package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"tvol/api"
)

// deleteStep is where a delete job stands.
type deleteStep int

const (
	stepDeprovision deleteStep = iota
	stepWait                   // for the storage to be gone (clean up only)
	stepRemove
)

// deleteJob is one delete, pinned to the volume chosen when the key was pressed.
type deleteJob struct {
	id     int
	uid    string
	name   string
	choice string
}

func (m *Model) startDelete() tea.Cmd {
	v, ok := m.table.Selected()
	if !ok {
		return nil
	}
	for _, j := range m.jobs {
		if j.uid == v.UID {
			m.setStatus(fmt.Sprintf("%s is already being deleted", clean(v.Name)), true)
			return nil
		}
	}
	return m.openDeleteForm(v)
}

func (m *Model) submitDelete(modal *formModal) tea.Cmd {
	v := modal.target
	if !modal.confirmed() {
		m.setStatus(fmt.Sprintf("%s was not deleted: nothing was sent", clean(v.Name)), false)
		return nil
	}
	job := &deleteJob{id: m.nextRequest(), uid: v.UID, name: clean(v.Name), choice: *modal.choice}
	m.jobs[job.id] = job
	m.opts.Logger.Info("delete submitted", "uid", job.uid, "choice", job.choice)
	if job.choice == deleteRemove {
		return m.runStep(job, stepRemove)
	}
	return m.runStep(job, stepDeprovision)
}

// runStep sends one step's request, and says so in the status line.
func (m *Model) runStep(job *deleteJob, step deleteStep) tea.Cmd {
	client, ctx, id, uid := m.opts.Client, m.ctx, job.id, job.uid
	switch step {
	case stepDeprovision:
		m.setStatus(m.progress(job, "deprovisioning…"), false)
		return func() tea.Msg {
			op, err := client.DeprovisionVolume(ctx, uid)
			return deleteStepMsg{job: id, step: stepDeprovision, state: api.VolumeState{UID: uid, Status: op.State.Status,
				Message: op.State.Message, UpdatedAt: op.State.UpdatedAt}, err: err}
		}
	case stepWait:
		return m.opts.Schedule(m.opts.StateInterval, cleanupPollMsg{job: id})
	default:
		m.setStatus(m.progress(job, "removing the record…"), false)
		return func() tea.Msg {
			return deleteStepMsg{job: id, step: stepRemove, err: client.DeleteVolume(ctx, uid)}
		}
	}
}

func (m *Model) progress(job *deleteJob, what string) string {
	verb := map[string]string{deleteCleanup: "cleaning up", deleteDeprovision: "deprovisioning", deleteRemove: "removing"}[job.choice]
	return fmt.Sprintf("%s %s (%s): %s", verb, job.name, job.uid, what)
}

func (m *Model) pollCleanup(msg cleanupPollMsg) tea.Cmd {
	job := m.jobs[msg.job]
	if job == nil {
		return nil
	}
	client, ctx, uid := m.opts.Client, m.ctx, job.uid
	return func() tea.Msg {
		st, err := client.GetVolumeState(ctx, uid)
		return deleteStepMsg{job: msg.job, step: stepWait, state: st, err: err}
	}
}

func (m *Model) finishJob(job *deleteJob, text string, isErr bool) tea.Cmd {
	delete(m.jobs, job.id)
	m.setStatus(text, isErr)
	return tea.Batch(m.selectionChanged(), m.ensureStateLoop(), m.ensureSpinner())
}

// onDeleteStep moves a job on. A failed deprovision or remove is reported, never re-sent.
func (m *Model) onDeleteStep(msg deleteStepMsg) tea.Cmd {
	job := m.jobs[msg.job]
	if job == nil {
		return nil
	}
	m.logResult(fmt.Sprintf("delete step %d answered", msg.step), job.uid, msg.err)
	now := m.common.now()
	why := func() string { return describeError(msg.err, m.opts.Profile) }
	switch msg.step {
	case stepDeprovision:
		if api.IsNotFound(msg.err) {
			m.table.Remove(job.uid)
			return m.finishJob(job, fmt.Sprintf("%s is already gone", job.name), false)
		}
		if msg.err != nil {
			return m.finishJob(job, fmt.Sprintf("could not deprovision %s: %s (not re-sent)", job.name, why()), true)
		}
		m.table.ApplyState(msg.state, now)
		if job.choice == deleteDeprovision {
			return m.finishJob(job, fmt.Sprintf("deprovisioning %s: the storage is being torn down", job.name), false)
		}
		m.setStatus(m.progress(job, "waiting for the storage to be released…"), false)
		return tea.Batch(m.runStep(job, stepWait), m.selectionChanged())
	case stepWait:
		switch {
		case api.IsNotFound(msg.err):
			m.table.Remove(job.uid)
			return m.finishJob(job, fmt.Sprintf("%s is already gone", job.name), false)
		case msg.err != nil: // reads are safe to repeat: keep watching
			m.setStatus(m.progress(job, "waiting; the last check failed: "+why()), true)
			return m.runStep(job, stepWait)
		}
		m.table.ApplyState(msg.state, now)
		switch api.ClassOf(msg.state.Status) {
		case api.ClassGone:
			return tea.Batch(m.runStep(job, stepRemove), m.selectionChanged())
		case api.ClassFailed:
			return m.finishJob(job, fmt.Sprintf("deprovisioning %s failed: %s; the record was kept", job.name, clean(msg.state.Message)), true)
		}
		m.setStatus(m.progress(job, fmt.Sprintf("waiting for the storage to be released (%s)…", clean(msg.state.Status))), false)
		return tea.Batch(m.runStep(job, stepWait), m.selectionChanged())
	default:
		if msg.err != nil && !api.IsNotFound(msg.err) {
			return m.finishJob(job, fmt.Sprintf("could not remove the record of %s: %s (not re-sent)", job.name, why()), true)
		}
		m.table.Remove(job.uid)
		done := map[string]string{deleteCleanup: "cleaned up %s: storage released and record removed", deleteRemove: "removed the record of %s"}[job.choice]
		return m.finishJob(job, fmt.Sprintf(done, job.name), false)
	}
}
