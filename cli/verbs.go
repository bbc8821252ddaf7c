package cli

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"tvol/api"
)

var errNoSuchVolume = errors.New("no such volume")

func (r *runner) dispatch(verb string, args []string) error {
	switch verb {
	case "create", "rename", "deprovision", "rm", "remove", "cleanup":
		if r.opts.ReadOnly {
			return usagef("%s changes a volume, and this profile is read-only", verb)
		}
	}
	switch verb {
	case "ls", "list":
		return r.ls(args)
	case "get":
		return r.get(args)
	case "state":
		return r.state(args)
	case "events":
		return r.events(args)
	case "create":
		return r.create(args)
	case "rename":
		return r.rename(args)
	case "deprovision":
		return r.deprovision(args)
	case "rm", "remove":
		return r.rm(args)
	case "cleanup":
		return r.cleanup(args)
	case "wait":
		return r.wait(args)
	}
	return usagef("unknown verb %q (verbs: ls, get, state, events, create, rename, deprovision, rm, cleanup, wait)", verb)
}

// resolve turns a UID or an exact, unique name into a volume.
func (r *runner) resolve(ref string) (api.Volume, error) {
	vol, err := r.client.GetVolume(r.ctx, ref)
	var validation *api.ValidationError
	if err == nil || !(api.IsNotFound(err) || errors.As(err, &validation)) {
		return vol, err
	}
	all, walkErr := r.client.AllVolumes(r.ctx, api.WalkOptions{})
	if walkErr != nil {
		return api.Volume{}, walkErr
	}
	var matches []api.Volume
	for _, v := range all {
		if v.Name == ref {
			matches = append(matches, v)
		}
	}
	switch len(matches) {
	case 0:
		return api.Volume{}, fmt.Errorf("%w: no volume has the UID or name %q", errNoSuchVolume, ref)
	case 1:
		return matches[0], nil
	}
	uids := make([]string, len(matches))
	for i, v := range matches {
		uids[i] = v.UID
	}
	return api.Volume{}, usagef("%d volumes are named %q (%s): give a UID", len(matches), ref, strings.Join(uids, ", "))
}

func (r *runner) ls(args []string) error {
	fs := flag.NewFlagSet("ls", flag.ContinueOnError)
	status := fs.String("status", "", "only this status (or class: healthy, failed, in-progress, gone, idle, unknown)")
	resource := fs.String("resource", "", "only volumes on this resource")
	workload := fs.String("workload", "", "only volumes attached to this workload (\"none\": detached)")
	sortBy := fs.String("sort", "age", "name, age, size, status or cost")
	if _, err := r.flags(fs, args, 0); err != nil {
		return err
	}
	less, ok := sorter(*sortBy)
	if !ok {
		return usagef("--sort %q: use name, age, size, status or cost", *sortBy)
	}
	all, err := r.client.AllVolumes(r.ctx, api.WalkOptions{})
	if err != nil {
		return err
	}
	vols := make([]api.Volume, 0, len(all))
	for _, v := range all {
		if matchStatus(v.State.Status, *status) && (*resource == "" || v.ResourceName == *resource) &&
			(*workload == "" || v.WorkloadUID == *workload || (*workload == "none" && v.WorkloadUID == "")) {
			vols = append(vols, v)
		}
	}
	slices.SortStableFunc(vols, less)
	if r.output == "json" {
		return r.printJSON(vols)
	}
	return r.volumeTable(vols)
}

// matchStatus compares a status, or its class, case-insensitively.
func matchStatus(status, want string) bool {
	if want == "" || api.StatusIs(status, want) {
		return true
	}
	return strings.EqualFold(strings.ReplaceAll(want, "-", " "), api.ClassOf(status).String())
}

func sorter(by string) (func(a, b api.Volume) int, bool) {
	switch by {
	case "name":
		return func(a, b api.Volume) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }, true
	case "age":
		return func(a, b api.Volume) int { return b.CreatedAt.Compare(a.CreatedAt.Time) }, true
	case "size":
		return func(a, b api.Volume) int { return cmp.Compare(b.SizeMiB, a.SizeMiB) }, true
	case "status":
		return func(a, b api.Volume) int {
			return cmp.Compare(api.ClassOf(a.State.Status), api.ClassOf(b.State.Status))
		}, true
	case "cost":
		return func(a, b api.Volume) int { return cmp.Compare(b.CostPerHour, a.CostPerHour) }, true
	}
	return nil, false
}

// volumeArg parses a verb that takes one volume and no flags of its own, and resolves it.
func (r *runner) volumeArg(verb string, args []string) (api.Volume, error) {
	pos, err := r.flags(flag.NewFlagSet(verb, flag.ContinueOnError), args, 1)
	if err != nil {
		return api.Volume{}, err
	}
	return r.resolve(pos[0])
}

func (r *runner) get(args []string) error {
	vol, err := r.volumeArg("get", args)
	if err != nil {
		return err
	}
	if r.output == "json" {
		return r.printJSON(vol)
	}
	return r.volumeDetail(vol)
}

func (r *runner) state(args []string) error {
	vol, err := r.volumeArg("state", args)
	if err != nil {
		return err
	}
	st, err := r.client.GetVolumeState(r.ctx, vol.UID)
	if err != nil {
		return err
	}
	if r.output == "json" {
		return r.printJSON(st)
	}
	return r.stateLine(st)
}

func (r *runner) events(args []string) error {
	vol, err := r.volumeArg("events", args)
	if err != nil {
		return err
	}
	events, err := r.client.AllEvents(r.ctx, vol.UID, api.WalkOptions{})
	if err != nil {
		return err
	}
	if r.output == "json" {
		if events == nil {
			events = []api.Event{}
		}
		return r.printJSON(events)
	}
	return r.eventTable(events)
}

func (r *runner) create(args []string) error {
	fs := flag.NewFlagSet("create", flag.ContinueOnError)
	name := fs.String("name", "", "volume name")
	size := fs.String("size", "", "size with a unit: 10GiB, 512MiB, 1.5TiB (a bare number is GiB)")
	resource := fs.String("resource", "", "resource to provision on, e.g. storage-rentals")
	wait := fs.Bool("wait", false, "wait until the volume is READY")
	timeout := fs.Duration("timeout", 5*time.Minute, "with --wait: give up after this long")
	if _, err := r.flags(fs, args, 0); err != nil {
		return err
	}
	if *name == "" || *size == "" || *resource == "" {
		return usagef("create needs --name, --size and --resource")
	}
	mib, err := api.ParseSize(*size)
	if err != nil {
		return usagef("--size: %v", err)
	}
	op, err := r.client.CreateVolume(r.ctx, api.CreateVolumeRequest{Name: *name, SizeMiB: mib, ResourceName: *resource})
	if err != nil {
		var netErr *api.NetworkError
		if errors.As(err, &netErr) {
			return fmt.Errorf("%w; it was not re-sent: run tvol volumes ls to see whether %q exists", err, *name)
		}
		return err
	}
	if !*wait {
		if r.output == "json" {
			return r.printJSON(op)
		}
		return r.say("created %s (%s, %d MiB): %s", op.UID, *name, mib, op.State.Status)
	}
	st, err := r.waitFor(op.UID, *name, "ready", *timeout)
	if err != nil {
		return err
	}
	if r.output == "json" {
		return r.printJSON(st)
	}
	return r.say("created %s (%s, %d MiB): %s", op.UID, *name, mib, st.Status)
}

func (r *runner) rename(args []string) error {
	fs := flag.NewFlagSet("rename", flag.ContinueOnError)
	name := fs.String("name", "", "the new name")
	pos, err := r.flags(fs, args, 1)
	if err != nil {
		return err
	}
	if *name == "" {
		return usagef("rename needs --name")
	}
	vol, err := r.resolve(pos[0])
	if err != nil {
		return err
	}
	updated, err := r.client.RenameVolume(r.ctx, vol.UID, *name)
	if err != nil {
		return err
	}
	if r.output == "json" {
		return r.printJSON(updated)
	}
	return r.say("renamed %s from %s to %s", vol.UID, vol.Name, *name)
}

// destructive parses the flags of deprovision, rm and cleanup, resolves the volume and asks.
func (r *runner) destructive(verb string, args []string, extra func(*flag.FlagSet)) (api.Volume, error) {
	fs := flag.NewFlagSet(verb, flag.ContinueOnError)
	fs.BoolVar(&r.yes, "yes", false, "do not ask")
	fs.BoolVar(&r.yes, "y", false, "do not ask")
	if extra != nil {
		extra(fs)
	}
	pos, err := r.flags(fs, args, 1)
	if err != nil {
		return api.Volume{}, err
	}
	vol, err := r.resolve(pos[0])
	if err != nil {
		return api.Volume{}, err
	}
	what := map[string]string{"deprovision": "deprovision (tear down the storage of)", "rm": "remove the record of",
		"cleanup": "clean up (deprovision, then remove the record of)"}[verb]
	return vol, r.confirm(fmt.Sprintf("%s %s (%s)", what, vol.Name, vol.UID))
}

func (r *runner) deprovision(args []string) error {
	vol, err := r.destructive("deprovision", args, nil)
	if err != nil {
		return err
	}
	op, err := r.client.DeprovisionVolume(r.ctx, vol.UID)
	if err != nil {
		return err
	}
	if r.output == "json" {
		return r.printJSON(op)
	}
	return r.say("deprovisioning %s (%s): %s", vol.UID, vol.Name, op.State.Status)
}

func (r *runner) rm(args []string) error {
	vol, err := r.destructive("rm", args, nil)
	if err != nil {
		return err
	}
	if err := r.client.DeleteVolume(r.ctx, vol.UID); err != nil {
		return err
	}
	if r.output == "json" {
		return r.printJSON(map[string]any{"uid": vol.UID, "removed": true})
	}
	return r.say("removed the record of %s (%s)", vol.UID, vol.Name)
}

// cleanup tears down the storage, waits until it is gone, then removes the record. A volume
// already DELETING or DELETED is not deprovisioned again.
func (r *runner) cleanup(args []string) error {
	var timeout time.Duration
	vol, err := r.destructive("cleanup", args, func(fs *flag.FlagSet) {
		fs.DurationVar(&timeout, "timeout", 5*time.Minute, "give up waiting after this long")
	})
	if err != nil {
		return err
	}
	if st := vol.State.Status; !api.StatusIs(st, "DELETING") && !api.StatusIs(st, "DELETED") {
		if _, err := r.client.DeprovisionVolume(r.ctx, vol.UID); err != nil {
			return fmt.Errorf("deprovisioning %s: %w", vol.UID, err)
		}
	}
	if _, err := r.waitFor(vol.UID, vol.Name, "deleted", timeout); err != nil && !api.IsNotFound(err) {
		return err
	}
	if err := r.client.DeleteVolume(r.ctx, vol.UID); err != nil && !api.IsNotFound(err) {
		return fmt.Errorf("removing the record of %s (its storage is released): %w", vol.UID, err)
	}
	if r.output == "json" {
		return r.printJSON(map[string]any{"uid": vol.UID, "deprovisioned": true, "removed": true})
	}
	return r.say("cleaned up %s (%s): storage released, record removed", vol.UID, vol.Name)
}

func (r *runner) wait(args []string) error {
	fs := flag.NewFlagSet("wait", flag.ContinueOnError)
	target := fs.String("for", "", "ready, deleted or gone")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up after this long")
	pos, err := r.flags(fs, args, 1)
	if err != nil {
		return err
	}
	if *target != "ready" && *target != "deleted" && *target != "gone" {
		return usagef("wait needs --for ready, deleted or gone")
	}
	vol, err := r.resolve(pos[0])
	if *target == "gone" && (errors.Is(err, errNoSuchVolume) || api.IsNotFound(err)) {
		if r.output == "json" {
			return r.printJSON(map[string]any{"uid": pos[0], "gone": true})
		}
		return r.say("%s is gone", pos[0])
	}
	if err != nil {
		return err
	}
	st, err := r.waitFor(vol.UID, vol.Name, *target, *timeout)
	if err != nil {
		return err
	}
	if r.output == "json" {
		return r.printJSON(st)
	}
	if *target == "gone" {
		return r.say("%s (%s) is gone", vol.UID, vol.Name)
	}
	return r.stateLine(st)
}
