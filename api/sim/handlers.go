package sim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"tvol/api"
)

// maxBodyBytes bounds a request body; a create or rename is a few dozen bytes.
const maxBodyBytes = 64 << 10

// readBody decodes a JSON object into fields, answering 400 for anything that is not one.
func readBody(r *http.Request, fields map[string]*json.RawMessage) *failure {
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return fail(http.StatusBadRequest, "INVALID_BODY", "could not read the request body")
	}
	if len(data) > maxBodyBytes {
		return fail(http.StatusBadRequest, "INVALID_BODY", "request body is too large")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fail(http.StatusBadRequest, "INVALID_BODY", "request body is empty; send a JSON object")
	}
	var object map[string]json.RawMessage
	if err := json.Unmarshal(data, &object); err != nil || object == nil {
		return fail(http.StatusBadRequest, "INVALID_JSON", "request body is not a JSON object")
	}
	for name, dst := range fields {
		if raw, ok := object[name]; ok && !bytes.Equal(raw, []byte("null")) {
			*dst = raw
		}
	}
	return nil
}

// stringField reads a required string field.
func stringField(name string, raw json.RawMessage) (string, *failure) {
	if raw == nil {
		return "", fail(http.StatusBadRequest, "MISSING_FIELD", name+" is required")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fail(http.StatusBadRequest, "INVALID_FIELD", name+" must be a string")
	}
	return s, nil
}

// nameField reads and checks a volume name as tvol's own client does.
func nameField(raw json.RawMessage) (string, *failure) {
	name, f := stringField("name", raw)
	if f != nil {
		return "", f
	}
	if err := api.ValidateName(name); err != nil {
		return "", fail(http.StatusBadRequest, "INVALID_NAME", err.Error())
	}
	return name, nil
}

func (s *Server) createVolume(w http.ResponseWriter, r *http.Request, accountID string) {
	var rawName, rawSize, rawResource json.RawMessage
	if f := readBody(r, map[string]*json.RawMessage{"name": &rawName, "size_in_mb": &rawSize, "resource_name": &rawResource}); f != nil {
		writeError(w, f)
		return
	}
	name, f := nameField(rawName)
	if f != nil {
		writeError(w, f)
		return
	}
	if rawSize == nil {
		writeError(w, fail(http.StatusBadRequest, "MISSING_FIELD", "size_in_mb is required"))
		return
	}
	var size int64
	if err := json.Unmarshal(rawSize, &size); err != nil || api.ValidateSize(size) != nil {
		writeError(w, fail(http.StatusBadRequest, "INVALID_SIZE", "size_in_mb must be a positive integer of at most 1073741824"))
		return
	}
	resource, f := stringField("resource_name", rawResource)
	if f != nil {
		writeError(w, f)
		return
	}
	if err := api.ValidateResource(resource); err != nil {
		writeError(w, fail(http.StatusBadRequest, "INVALID_RESOURCE", err.Error()))
		return
	}
	op := s.store.Create(accountID, api.CreateVolumeRequest{Name: name, SizeMiB: size, ResourceName: resource})
	writeJSON(w, http.StatusOK, op)
}

func (s *Server) listVolumes(w http.ResponseWriter, r *http.Request, accountID string) {
	limit, f := ParseLimit(r.URL.Query().Get("limit"))
	if f != nil {
		writeError(w, f)
		return
	}
	cursor := r.URL.Query().Get("cursor")
	page, f := s.store.List(accountID, limit, cursor)
	if s.faults.get().RepeatCursor && cursor != "" && f == nil {
		page.NextCursor = cursor
	}
	answer(w, http.StatusOK, page, f)
}

func (s *Server) getVolume(w http.ResponseWriter, r *http.Request, accountID string) {
	vol, f := s.store.Get(accountID, r.PathValue("uid"))
	answer(w, http.StatusOK, vol, f)
}

func (s *Server) volumeState(w http.ResponseWriter, r *http.Request, accountID string) {
	st, f := s.store.State(accountID, r.PathValue("uid"))
	answer(w, http.StatusOK, st, f)
}

func (s *Server) volumeEvents(w http.ResponseWriter, r *http.Request, accountID string) {
	limit, f := ParseLimit(r.URL.Query().Get("limit"))
	if f != nil {
		writeError(w, f)
		return
	}
	page, f := s.store.Events(accountID, r.PathValue("uid"), limit, r.URL.Query().Get("cursor"))
	answer(w, http.StatusOK, page, f)
}

func (s *Server) renameVolume(w http.ResponseWriter, r *http.Request, accountID string) {
	var rawName json.RawMessage
	if f := readBody(r, map[string]*json.RawMessage{"name": &rawName}); f != nil {
		writeError(w, f)
		return
	}
	name, f := nameField(rawName)
	if f != nil {
		writeError(w, f)
		return
	}
	vol, f := s.store.Rename(accountID, r.PathValue("uid"), name)
	answer(w, http.StatusOK, vol, f)
}

func (s *Server) removeVolume(w http.ResponseWriter, r *http.Request, accountID string) {
	if f := s.store.Remove(accountID, r.PathValue("uid")); f != nil {
		writeError(w, f)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deprovisionVolume(w http.ResponseWriter, r *http.Request, accountID string) {
	op, f := s.store.Deprovision(accountID, r.PathValue("uid"))
	answer(w, http.StatusAccepted, op, f)
}

// answer writes v with status, or the failure when there is one.
func answer(w http.ResponseWriter, status int, v any, f *failure) {
	if f != nil {
		writeError(w, f)
		return
	}
	writeJSON(w, status, v)
}
