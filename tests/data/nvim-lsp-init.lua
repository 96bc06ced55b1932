-- Drives `editlint lsp` from a headless Neovim (0.7+): open the draft, wait for
-- diagnostics, request and apply the quick fix, wait for the diagnostic to go.
-- Writes what it saw to $EDITLINT_OUT (tests/test_editors.py reads it).
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
local out = {}
local function dump(tag)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    table.insert(out, string.format("%s %d:%d-%d %s", tag, d.lnum, d.col, d.end_col, code))
  end
end
local id = vim.lsp.start_client({ name = "editlint", cmd = { vim.env.EDITLINT_EXE, "lsp" }, root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(0, id)
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
dump("open")
local swap
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  if code == "House.Swap" then swap = d end
end
if swap then
  local client = vim.lsp.get_client_by_id(id)
  local params = { textDocument = vim.lsp.util.make_text_document_params(0),
    range = { start = { line = swap.lnum, character = 0 }, ["end"] = { line = swap.lnum, character = 0 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, swap.lnum) } }
  local res = client.request_sync("textDocument/codeAction", params, 10000, 0)
  for _, action in ipairs((res and res.result) or {}) do
    if action.title:match("^Replace with 'use'") then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
      table.insert(out, "applied " .. action.title)
    end
  end
  table.insert(out, "line " .. vim.api.nvim_buf_get_lines(0, 2, 3, false)[1])
  vim.wait(5000, function()
    for _, d in ipairs(vim.diagnostic.get(0)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      if code == "House.Swap" then return false end
    end
    return true
  end, 50)
  dump("after")
end
vim.fn.writefile(out, vim.env.EDITLINT_OUT)
vim.cmd("qa!")
end })
