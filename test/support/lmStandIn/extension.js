// A stand-in language model for the e2e tests, registered through the public API
// (vscode.lm.registerLanguageModelChatProvider) as a real provider extension would be. It
// writes every prompt it receives to $MV_LM_RECORD (so a test can check what a model is told)
// and streams a short answer built from the prompt, in several parts as real models do.
const fs = require('node:fs');
const vscode = require('vscode');

function textOf(messages) {
  return messages
    .map((m) => (Array.isArray(m.content) ? m.content.map((p) => (typeof p.value === 'string' ? p.value : '')).join('') : String(m.content)))
    .join('\n');
}

exports.activate = (context) => {
  const model = { id: 'stand-in-1', name: 'Stand-in model', family: 'stand-in', version: '1', maxInputTokens: 100000, maxOutputTokens: 2000, capabilities: {} };
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider('metric-vault-test', {
      provideLanguageModelChatInformation: async () => [model],
      provideLanguageModelChatResponse: async (_model, messages, _options, progress) => {
        const prompt = textOf(messages);
        if (process.env.MV_LM_RECORD) fs.appendFileSync(process.env.MV_LM_RECORD, prompt + '\n=====\n');
        const findings = prompt.split('\n').filter((l) => /^- \[(critical|warning|info)\]/.test(l));
        const run = /^Run (\S+):/m.exec(prompt);
        progress.report(new vscode.LanguageModelTextPart(`Stand-in explanation of run ${run ? run[1] : '?'}: `));
        progress.report(new vscode.LanguageModelTextPart(`${findings.length} findings were given to me.`));
        if (findings[0]) progress.report(new vscode.LanguageModelTextPart(`\nThe worst: ${findings[0].slice(2, 160)}`));
      },
      provideTokenCount: async (_model, text) => Math.ceil((typeof text === 'string' ? text : textOf([text])).length / 4),
    }),
  );
};
