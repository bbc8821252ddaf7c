package api_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"testing"
	"time"

	"tvol/api"
	"tvol/api/sim"
)

var uidPattern = regexp.MustCompile(`^vol-[a-z0-9]{12}$`)

func TestEveryEndpointAgainstTheSimulator(t *testing.T) {
	f := newFixture(t, sim.Config{})
	ctx := context.Background()

	op, err := f.client.CreateVolume(ctx, api.CreateVolumeRequest{Name: "my-volume", SizeMiB: 10240, ResourceName: "h200-small"})
	if err != nil {
		t.Fatal(err)
	}
	if !uidPattern.MatchString(op.UID) || op.State.Status != "PROVISIONING" {
		t.Fatalf("create answered %+v, want a vol- UID in PROVISIONING", op)
	}
	uid := op.UID

	vol, err := f.client.GetVolume(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	if vol.Name != "my-volume" || vol.SizeMiB != 10240 || vol.ResourceName != "h200-small" ||
		vol.CostPerHour != 0.05 || vol.PVCName == "" || !vol.CreatedAt.Equal(epoch) {
		t.Fatalf("get answered %+v", vol)
	}

	f.clock.Advance(10 * time.Second)
	st, err := f.client.GetVolumeState(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	if st.UID != uid || st.Status != "READY" || !st.UpdatedAt.Equal(epoch.Add(10*time.Second)) {
		t.Fatalf("state after the provision delay is %+v, want READY at +10s", st)
	}

	renamed, err := f.client.RenameVolume(ctx, uid, "renamed-volume")
	if err != nil {
		t.Fatal(err)
	}
	if renamed.Name != "renamed-volume" || renamed.UID != uid {
		t.Fatalf("rename answered %+v", renamed)
	}

	dep, err := f.client.DeprovisionVolume(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	if dep.State.Status != "DELETING" {
		t.Fatalf("deprovision answered %+v, want DELETING", dep)
	}
	f.clock.Advance(5 * time.Second)
	if st, _ := f.client.GetVolumeState(ctx, uid); st.Status != "DELETED" {
		t.Fatalf("state after the delete delay is %q, want DELETED", st.Status)
	}

	events, err := f.client.AllEvents(ctx, uid, api.WalkOptions{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.EventType+" "+e.OldStatus+">"+e.NewStatus)
		if e.VolumeUID != uid || e.RequestedSize != "10Gi" || e.ResourceName != "h200-small" || e.PVCName == "" {
			t.Errorf("event %+v lacks its volume's details", e)
		}
	}
	want := []string{"STATUS_CHANGE DELETING>DELETED", "STATUS_CHANGE READY>DELETING", "RENAMED READY>READY",
		"STATUS_CHANGE PROVISIONING>READY", "CREATED >PROVISIONING"}
	if len(got) != len(want) {
		t.Fatalf("events newest first = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events newest first = %q, want %q", got, want)
		}
	}

	page, err := f.client.ListVolumes(ctx, api.ListOptions{Limit: 10})
	if err != nil || len(page.Items) != 1 || page.NextCursor != "" {
		t.Fatalf("list = %+v, %v; want the one volume and no next cursor", page, err)
	}

	if err := f.client.DeleteVolume(ctx, uid); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.GetVolume(ctx, uid); !api.IsNotFound(err) {
		t.Fatalf("get after removing the record: %v, want 404", err)
	}
}

func TestListPagesNewestFirstWithStableCursors(t *testing.T) {
	f := newFixture(t, sim.Config{Volumes: 25, Seed: 7})
	ctx := context.Background()
	first, err := f.client.ListVolumes(ctx, api.ListOptions{Limit: 10})
	if err != nil || len(first.Items) != 10 || first.NextCursor == "" {
		t.Fatalf("first page: %d items, cursor %q, %v", len(first.Items), first.NextCursor, err)
	}
	// A volume created between pages goes to the front and does not shift the walk.
	f.create(t, "newcomer")
	all, err := f.client.AllVolumes(ctx, api.WalkOptions{Limit: 10})
	if err != nil || len(all) != 26 {
		t.Fatalf("walk: %d volumes, %v; want 26", len(all), err)
	}
	seen := map[string]bool{}
	for i, v := range all {
		if seen[v.UID] {
			t.Fatalf("volume %s listed twice", v.UID)
		}
		seen[v.UID] = true
		if i > 0 && v.CreatedAt.After(all[i-1].CreatedAt.Time) {
			t.Fatalf("volume %d is newer than the one before it: not newest first", i)
		}
	}
	second, err := f.client.ListVolumes(ctx, api.ListOptions{Limit: 10, Cursor: first.NextCursor})
	if err != nil || second.Items[0].UID != all[11].UID {
		t.Fatalf("the first page's cursor moved: %v", err)
	}
}

func TestDocumentedErrorStatuses(t *testing.T) {
	f := newFixture(t, sim.Config{})
	ctx := context.Background()
	mine := f.create(t, "mine")
	theirs, err := f.newClient(t, keyB).CreateVolume(ctx, api.CreateVolumeRequest{Name: "theirs", SizeMiB: 512, ResourceName: "storage-rentals"})
	if err != nil {
		t.Fatal(err)
	}
	wrongKey := f.newClient(t, "tgn_not_a_real_key")
	noKey := f.newClient(t, "")
	missing := "vol-000000000000"

	type call func(c *api.Client, uid string) error
	calls := map[string]call{
		"create": func(c *api.Client, _ string) error {
			_, err := c.CreateVolume(ctx, api.CreateVolumeRequest{Name: "x", SizeMiB: 1, ResourceName: "h200-small"})
			return err
		},
		"list": func(c *api.Client, _ string) error { _, err := c.ListVolumes(ctx, api.ListOptions{}); return err },
		"get":  func(c *api.Client, uid string) error { _, err := c.GetVolume(ctx, uid); return err },
		"state": func(c *api.Client, uid string) error {
			_, err := c.GetVolumeState(ctx, uid)
			return err
		},
		"events": func(c *api.Client, uid string) error {
			_, err := c.ListVolumeEvents(ctx, uid, api.ListOptions{})
			return err
		},
		"rename":      func(c *api.Client, uid string) error { _, err := c.RenameVolume(ctx, uid, "n"); return err },
		"deprovision": func(c *api.Client, uid string) error { _, err := c.DeprovisionVolume(ctx, uid); return err },
		"delete":      func(c *api.Client, uid string) error { return c.DeleteVolume(ctx, uid) },
	}
	perVolume := []string{"get", "state", "events", "rename", "deprovision", "delete"}

	check := func(t *testing.T, err error, status int, is func(error) bool) {
		t.Helper()
		var apiErr *api.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || !is(err) {
			t.Fatalf("got %v, want a %d APIError", err, status)
		}
		if apiErr.Message == "" || apiErr.RequestID == "" {
			t.Fatalf("error %+v lacks the server's message or request ID", apiErr)
		}
	}
	for name, c := range calls {
		t.Run(name+"/401 wrong key", func(t *testing.T) { check(t, c(wrongKey, mine), 401, api.IsUnauthorized) })
		t.Run(name+"/401 no key", func(t *testing.T) { check(t, c(noKey, mine), 401, api.IsUnauthorized) })
	}
	for _, name := range perVolume {
		t.Run(name+"/403 another account's volume", func(t *testing.T) { check(t, calls[name](f.client, theirs.UID), 403, api.IsForbidden) })
		t.Run(name+"/404 unknown volume", func(t *testing.T) { check(t, calls[name](f.client, missing), 404, api.IsNotFound) })
	}
	t.Run("list/400 unknown cursor", func(t *testing.T) {
		_, err := f.client.ListVolumes(ctx, api.ListOptions{Cursor: "bm90LWEtY3Vyc29y"})
		check(t, err, 400, api.IsBadRequest)
	})
	t.Run("events/400 unknown cursor", func(t *testing.T) {
		_, err := f.client.ListVolumeEvents(ctx, mine, api.ListOptions{Cursor: "garbage"})
		check(t, err, 400, api.IsBadRequest)
	})

	if err := f.sim.SetFaults(sim.Faults{ErrorRate: 1}); err != nil {
		t.Fatal(err)
	}
	for name, c := range calls {
		t.Run(name+"/500", func(t *testing.T) {
			err := c(f.client, mine)
			check(t, err, 500, func(err error) bool { return api.IsRetryable(err) })
		})
	}
	if err := f.sim.SetFaults(sim.Faults{Retired: true}); err != nil {
		t.Fatal(err)
	}
	for name, c := range calls {
		t.Run(name+"/410", func(t *testing.T) {
			err := c(f.client, mine)
			var apiErr *api.APIError
			if !api.IsGone(err) || !errors.As(err, &apiErr) || api.IsRetryable(err) {
				t.Fatalf("got %v, want a 410 that is not retried", err)
			}
			if want := "this API version has been retired by the server"; err.Error()[:len(want)] != want {
				t.Fatalf("410 reads %q, want it to start %q", err, want)
			}
		})
	}
}

func TestClientRefusesMalformedRequestsWithoutSending(t *testing.T) {
	f := newFixture(t, sim.Config{})
	ctx := context.Background()
	cases := map[string]func() error{
		"empty name": func() error {
			_, err := f.client.CreateVolume(ctx, api.CreateVolumeRequest{Name: " ", SizeMiB: 1, ResourceName: "r"})
			return err
		},
		"zero size": func() error {
			_, err := f.client.CreateVolume(ctx, api.CreateVolumeRequest{Name: "a", SizeMiB: 0, ResourceName: "r"})
			return err
		},
		"no resource": func() error {
			_, err := f.client.CreateVolume(ctx, api.CreateVolumeRequest{Name: "a", SizeMiB: 1})
			return err
		},
		"empty uid":     func() error { _, err := f.client.GetVolume(ctx, ""); return err },
		"uid with /":    func() error { _, err := f.client.GetVolumeState(ctx, "vol-a/../b"); return err },
		"control name":  func() error { _, err := f.client.RenameVolume(ctx, "vol-abc", "a\x1b[2Jb"); return err },
		"limit too big": func() error { _, err := f.client.ListVolumes(ctx, api.ListOptions{Limit: 1001}); return err },
	}
	for name, call := range cases {
		t.Run(name, func(t *testing.T) {
			var vErr *api.ValidationError
			if err := call(); !errors.As(err, &vErr) {
				t.Fatalf("got %v, want a ValidationError", err)
			}
		})
	}
	if n := len(f.sim.Requests()); n != 0 {
		t.Fatalf("the server saw %d requests; refused requests must not be sent", n)
	}
}

func TestRequestHeaders(t *testing.T) {
	var seen http.Header
	f := newFixture(t, sim.Config{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen = r.Header.Clone()
			next.ServeHTTP(w, r)
		})
	})
	f.create(t, "headers")
	for name, want := range map[string]string{
		"User-Agent":    "tvol/test",
		"Accept":        "application/json",
		"Content-Type":  "application/json",
		"Authorization": "Bearer " + keyA,
	} {
		if got := seen.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}
