-- Headless Neovim (0.7+) probe of the wdm language server over stdio, with Neovim's built-in LSP
-- client: hover on IRP_MJ_READ, pushed diagnostics, and the preferred code action applied.
-- Env: NODE_BIN, LSP_SERVER_JS (dist/server.js), SAMPLE_DIR (a copy of samples/wdm-sample).
-- Prints "ok <what>" / "FAIL <what>" lines, exits 0 when all passed, 1 otherwise.
local node = os.getenv('NODE_BIN') or 'node'
local server = assert(os.getenv('LSP_SERVER_JS'), 'LSP_SERVER_JS not set')
local root = assert(os.getenv('SAMPLE_DIR'), 'SAMPLE_DIR not set')
local file = root .. '/driver.c'
local failures = 0

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

local function finish()
  for _, c in pairs(vim.lsp.get_active_clients()) do
    c.stop(true)
  end
  if failures == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit! 1')
  end
end

-- Watchdog: a hung server must not hang CI.
vim.defer_fn(function()
  out('FAIL watchdog: probe did not finish within 60 s')
  failures = failures + 1
  finish()
end, 60000)

local function check(what, fn)
  local ok, err = pcall(fn)
  if ok then
    out('ok ' .. what)
  else
    failures = failures + 1
    out('FAIL ' .. what .. ': ' .. tostring(err))
  end
  return ok
end

local diags_by_uri = {}
local client_id, client, bufnr, uri

local started = check('server starts and initializes over stdio', function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'c' -- -u NONE: no filetype detection; the LSP languageId is the filetype
  uri = vim.uri_from_bufnr(bufnr)
  local initialized = false
  client_id = vim.lsp.start_client({
    name = 'wdm',
    cmd = { node, server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'wdm-sample' } },
    on_init = function()
      initialized = true
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, result)
        if result then
          diags_by_uri[result.uri] = result.diagnostics
        end
      end,
    },
  })
  assert(client_id, 'start_client failed')
  assert(vim.wait(15000, function() return initialized end, 20), 'server did not initialize')
  vim.lsp.buf_attach_client(bufnr, client_id)
  client = vim.lsp.get_client_by_id(client_id)
end)

local function find_line(needle)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local c = l:find(needle, 1, true)
    if c then return i - 1, c - 1 end
  end
  error(needle .. ' not found in the buffer')
end

local function code_of(d)
  return type(d.code) == 'table' and tostring(d.code.value) or tostring(d.code)
end

local function find_diag(code)
  for _, d in ipairs(diags_by_uri[uri] or {}) do
    if code_of(d) == code and d.source == 'wdm' then return d end
  end
end

if started then
  check('hover on IRP_MJ_READ names the handler SampleDispatchRead', function()
    local line, col = find_line('IRP_MJ_READ')
    local params = { textDocument = { uri = uri }, position = { line = line, character = col + 4 } }
    local text = ''
    -- The background index may still be running: retry until the handler is known.
    local ok = vim.wait(10000, function()
      local resp = client.request_sync('textDocument/hover', params, 5000, bufnr)
      if resp and resp.result and resp.result.contents then
        local c = resp.result.contents
        text = type(c) == 'string' and c or c.value or vim.inspect(c)
      end
      return text:find('SampleDispatchRead', 1, true) ~= nil
    end, 200)
    assert(ok, 'hover text: ' .. text)
    assert(text:find('IRP_MJ_READ', 1, true), 'hover names the code')
  end)

  local diag
  check('pushed diagnostics include create-without-close (source wdm)', function()
    assert(vim.wait(10000, function()
      diag = find_diag('create-without-close')
      return diag ~= nil
    end, 50), 'no create-without-close diagnostic; got ' .. vim.inspect(diags_by_uri[uri]))
  end)

  if diag then
    check('the preferred code action adds the IRP_MJ_CLOSE registration', function()
      local ca = client.request_sync('textDocument/codeAction', {
        textDocument = { uri = uri },
        range = diag.range,
        context = { diagnostics = { diag }, only = { 'quickfix' } },
      }, 5000, bufnr)
      assert(ca and ca.result and #ca.result > 0, 'no code action: ' .. vim.inspect(ca))
      local chosen
      for _, a in ipairs(ca.result) do
        if a.isPreferred then chosen = a end
      end
      assert(chosen, 'no preferred action among ' .. #ca.result)
      assert(chosen.edit, 'preferred action has no edit: ' .. vim.inspect(chosen))
      vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
      local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
      assert(text:find('MajorFunction%[IRP_MJ_CLOSE%]%s*=%s*SampleDispatchClose'), 'buffer lacks the registration')
      out('   applied: ' .. chosen.title)
    end)

    check('the diagnostic goes away after the fix', function()
      assert(vim.wait(10000, function() return find_diag('create-without-close') == nil end, 50),
        'create-without-close still reported')
    end)
  end
end

finish()
